terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.3.0.0/16"
}

locals {
  zones = ["us-east-1d", "us-east-1e", "us-east-1f"]
}

resource "aws_subnet" "private" {
  count             = 12
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  availability_zone = local.zones[count.index % 3]
}
