terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "logs" {
  bucket = "acme-app-logs"
}

import {
  to = aws_s3_bucket.existing
  id = "existing-bucket"
}

resource "aws_s3_bucket" "existing" {
  bucket = "existing-bucket"
}
