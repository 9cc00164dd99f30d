mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "table_matches_the_shared_table_schema" {
  command = plan

  assert {
    condition     = aws_dynamodb_table.registrations.name == "event-management-registrations"
    error_message = "The table must be named <project_name>-registrations."
  }

  assert {
    condition = (
      aws_dynamodb_table.registrations.hash_key == jsondecode(file("${path.module}/../contract/table-schema.json")).hash_key
      && aws_dynamodb_table.registrations.range_key == jsondecode(file("${path.module}/../contract/table-schema.json")).range_key
      && aws_dynamodb_table.registrations.billing_mode == jsondecode(file("${path.module}/../contract/table-schema.json")).billing_mode
    )
    error_message = "Keys and billing mode must equal the table schema file."
  }

  assert {
    condition = {
      for a in aws_dynamodb_table.registrations.attribute : a.name => a.type
    } == jsondecode(file("${path.module}/../contract/table-schema.json")).attributes
    error_message = "Attribute definitions must equal the table schema file."
  }

  assert {
    condition = {
      for g in aws_dynamodb_table.registrations.global_secondary_index : g.name => [g.hash_key, g.range_key, g.projection_type]
      } == {
      for g in jsondecode(file("${path.module}/../contract/table-schema.json")).global_secondary_indexes : g.name => [g.hash_key, g.range_key, g.projection]
    }
    error_message = "GSIs (names, keys, projection) must equal the table schema file."
  }

  assert {
    condition = (
      aws_dynamodb_table.registrations.ttl[0].attribute_name == jsondecode(file("${path.module}/../contract/table-schema.json")).ttl_attribute
      && aws_dynamodb_table.registrations.ttl[0].enabled
    )
    error_message = "TTL must be on, on the schema's attribute."
  }

  assert {
    condition     = aws_dynamodb_table.registrations.point_in_time_recovery[0].enabled == jsondecode(file("${path.module}/../contract/table-schema.json")).point_in_time_recovery
    error_message = "Point-in-time recovery must follow the schema file."
  }

  assert {
    condition = (
      aws_dynamodb_table.registrations.stream_enabled
      && aws_dynamodb_table.registrations.stream_view_type == jsondecode(file("${path.module}/../contract/table-schema.json")).stream_view_type
    )
    error_message = "The stream must be on with the schema's view type."
  }

  assert {
    condition     = aws_dynamodb_table.registrations.server_side_encryption[0].enabled
    error_message = "The table must be encrypted at rest."
  }
}

run "materials_bucket_is_versioned_private_and_encrypted" {
  command = plan

  assert {
    condition     = aws_s3_bucket.materials.bucket == "event-management-materials-123456789012"
    error_message = "The bucket must be <project_name>-materials-<account id> by default."
  }

  assert {
    condition     = aws_s3_bucket_versioning.materials.versioning_configuration[0].status == "Enabled"
    error_message = "Bucket versioning must be Enabled."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.materials.block_public_acls
      && aws_s3_bucket_public_access_block.materials.block_public_policy
      && aws_s3_bucket_public_access_block.materials.ignore_public_acls
      && aws_s3_bucket_public_access_block.materials.restrict_public_buckets
    )
    error_message = "All four public access block settings must be on."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.materials.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs must be disabled (BucketOwnerEnforced)."
  }

  assert {
    condition     = one([for r in aws_s3_bucket_server_side_encryption_configuration.materials.rule : one(r.apply_server_side_encryption_by_default).sse_algorithm]) == "AES256"
    error_message = "Objects must be encrypted at rest."
  }
}

run "bucket_policy_lets_only_this_distribution_read_static" {
  command = apply

  assert {
    condition = anytrue([
      for st in jsondecode(aws_s3_bucket_policy.materials.policy).Statement :
      st.Effect == "Allow"
      && st.Principal == { Service = "cloudfront.amazonaws.com" }
      && st.Action == "s3:GetObject"
      && st.Resource == "${aws_s3_bucket.materials.arn}/static/*"
      && try(st.Condition.StringEquals["AWS:SourceArn"], null) == aws_cloudfront_distribution.this.arn
    ])
    error_message = "The bucket policy must let CloudFront (this distribution only) read static/*."
  }

  assert {
    condition     = length([for st in jsondecode(aws_s3_bucket_policy.materials.policy).Statement : st if st.Effect == "Allow"]) == 1
    error_message = "CloudFront's read must be the bucket policy's only grant."
  }
}
