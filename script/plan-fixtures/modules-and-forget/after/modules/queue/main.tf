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

removed {
  from = aws_sqs_queue.dead_letter

  lifecycle {
    destroy = false
  }
}
