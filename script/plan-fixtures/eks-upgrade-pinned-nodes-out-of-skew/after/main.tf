terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_iam_role" "cluster" {
  name = "demo-eks-cluster"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "eks.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "node" {
  name = "demo-eks-node"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_eks_cluster" "main" {
  name     = "demo"
  version  = "1.33"
  role_arn = aws_iam_role.cluster.arn
  vpc_config {
    subnet_ids = [aws_subnet.a.id, aws_subnet.b.id]
  }
}

# Follows the control plane: its version is the cluster's, as infra's node pools write it.
resource "aws_eks_node_group" "workers" {
  cluster_name           = aws_eks_cluster.main.name
  node_group_name_prefix = "workers-"
  node_role_arn          = aws_iam_role.node.arn
  subnet_ids             = [aws_subnet.a.id, aws_subnet.b.id]
  instance_types         = ["m6i.large"]
  version                = aws_eks_cluster.main.version

  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Pinned: stays on its version while the control plane moves on.
resource "aws_eks_node_group" "legacy" {
  cluster_name           = aws_eks_cluster.main.name
  node_group_name_prefix = "legacy-"
  node_role_arn          = aws_iam_role.node.arn
  subnet_ids             = [aws_subnet.a.id, aws_subnet.b.id]
  instance_types         = ["m6i.large"]
  version                = "1.29"

  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_eks_addon" "kube_proxy" {
  cluster_name  = aws_eks_cluster.main.name
  addon_name    = "kube-proxy"
  addon_version = "v1.29.15-eksbuild.2"
}
