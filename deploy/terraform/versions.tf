terraform {
  # mock_provider/override_* in tests need 1.7+; override_during needs 1.9+.
  required_version = ">= 1.9.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.60.0, < 6.0.0"
    }
  }
}

provider "aws" {
  region = var.aws_region

  # Tags every taggable resource once here instead of on each resource.
  default_tags {
    tags = local.tags
  }
}
