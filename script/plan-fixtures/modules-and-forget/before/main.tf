terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region = "us-east-1"
}

module "jobs" {
  source                     = "./modules/queue"
  name                       = "jobs"
  visibility_timeout_seconds = 30
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-jobs-archive"
}
