variable "aws_region" {
  description = "Region of the stack."
  type        = string
  default     = "us-east-1"
}

variable "release" {
  description = "Image tag of the release to run on every service."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for alb_domain_name, in aws_region."
  type        = string
}

variable "alb_domain_name" {
  description = "DNS name (CNAME to the ALB) that the certificate covers; CloudFront reaches the ALB through it over HTTPS."
  type        = string
}

variable "on_call_email" {
  description = "Address that receives alarm notifications."
  type        = string
}
