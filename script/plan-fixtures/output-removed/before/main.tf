terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "core_vpc" {
  cidr_block = "10.20.0.0/16"
}

resource "aws_subnet" "core_private_a" {
  vpc_id            = aws_vpc.core_vpc.id
  cidr_block        = "10.20.0.0/20"
  availability_zone = "eu-west-1a"
}

# What other stacks read through terraform_remote_state, as infra writes it for them.
output "aws_vpc__core_vpc__id" {
  value       = aws_vpc.core_vpc.id
  description = "aws_vpc.core_vpc.id, read by other stacks"
}

output "aws_subnet__core_private_a__id" {
  value       = aws_subnet.core_private_a.id
  description = "aws_subnet.core_private_a.id, read by other stacks"
}
