terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region = "eu-west-1"
}

resource "aws_vpc" "core" {
  cidr_block = "10.50.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.core.id
  cidr_block        = "10.50.128.0/24"
  availability_zone = "eu-west-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.core.id
  cidr_block        = "10.50.129.0/24"
  availability_zone = "eu-west-1b"
}

resource "aws_db_subnet_group" "tenants" {
  name       = "payments-prod-tenants"
  subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]
}

resource "aws_db_instance" "tenant_acme" {
  identifier                  = "payments-prod-tenant-acme"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.r6g.xlarge"
  allocated_storage           = 100
  db_name                     = "acme"
  username                    = "acme_admin"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.tenants.name
  multi_az                    = true
  storage_encrypted           = true
  backup_retention_period     = 14
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "payments-prod-tenant-acme-final"
  tags = {
    Environment = "production"
    Team        = "payments"
  }
}
