resource "aws_s3_bucket" "materials" {
  bucket = local.bucket_name

  tags = { Name = local.bucket_name }
}

# Every upload of a material keeps its earlier versions (materials-service lists and restores them).
resource "aws_s3_bucket_versioning" "materials" {
  bucket = aws_s3_bucket.materials.id

  versioning_configuration {
    status = "Enabled"
  }
}

# SSE-S3 rather than KMS: CloudFront OAC reads it without a key policy grant.
resource "aws_s3_bucket_server_side_encryption_configuration" "materials" {
  bucket = aws_s3_bucket.materials.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "materials" {
  bucket = aws_s3_bucket.materials.id

  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "materials" {
  bucket = aws_s3_bucket.materials.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "materials" {
  bucket = aws_s3_bucket.materials.id

  rule {
    id     = "expire-superseded-versions"
    status = "Enabled"

    filter {}

    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_retention_days
    }

    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }

  # Presigned uploads land under uploads/ and restores pass through restores/; the service copies
  # them to the material's key, so whatever is left there after a day is abandoned.
  dynamic "rule" {
    for_each = toset(["uploads/", "restores/"])
    content {
      id     = "expire-scratch-${trimsuffix(rule.value, "/")}"
      status = "Enabled"

      filter {
        prefix = rule.value
      }

      expiration {
        days = 1
      }

      noncurrent_version_expiration {
        noncurrent_days = 1
      }
    }
  }

  depends_on = [aws_s3_bucket_versioning.materials]
}

locals {
  # Kept as a jsonencode()d document so tests can read the statements (policy document data sources are opaque under mocks).
  materials_bucket_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "CloudFrontReadsPublishedMaterials"
        Effect    = "Allow"
        Principal = { Service = "cloudfront.amazonaws.com" }
        Action    = "s3:GetObject"
        Resource  = "${aws_s3_bucket.materials.arn}/${trimprefix(local.path_rules.static.prefix, "/")}*"
        Condition = {
          StringEquals = { "AWS:SourceArn" = aws_cloudfront_distribution.this.arn }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [aws_s3_bucket.materials.arn, "${aws_s3_bucket.materials.arn}/*"]
        Condition = {
          Bool = { "aws:SecureTransport" = "false" }
        }
      },
    ]
  }
}

resource "aws_s3_bucket_policy" "materials" {
  bucket = aws_s3_bucket.materials.id
  policy = jsonencode(local.materials_bucket_policy)

  # The public access block must exist first or a policy naming a service principal can be refused.
  depends_on = [aws_s3_bucket_public_access_block.materials]
}
