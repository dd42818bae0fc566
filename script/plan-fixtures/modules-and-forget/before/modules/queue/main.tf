variable "name" {
  type = string
}

variable "visibility_timeout_seconds" {
  type = number
}

resource "aws_sqs_queue" "this" {
  name                       = var.name
  visibility_timeout_seconds = var.visibility_timeout_seconds
}

resource "aws_sqs_queue" "dead_letter" {
  name = "${var.name}-dead-letter"
}
