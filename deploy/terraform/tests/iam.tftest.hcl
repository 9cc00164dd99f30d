mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "no_data_action_is_granted_on_every_resource" {
  command = apply

  # dynamodb:ListStreams has no resource type, so it alone may (and must) use "*".
  assert {
    condition = alltrue(flatten([
      for s, role_policy in aws_iam_role_policy.service : [
        for st in jsondecode(role_policy.policy).Statement :
        !contains(flatten([st.Resource]), "*") || alltrue([
          for a in flatten([st.Action]) :
          !(startswith(a, "dynamodb:") || startswith(a, "s3:")) || a == "dynamodb:ListStreams"
        ])
      ]
    ]))
    error_message = "No dynamodb: or s3: data action may be granted on Resource \"*\"."
  }

  assert {
    condition = alltrue(flatten([
      for s, role_policy in aws_iam_role_policy.service : [
        for st in jsondecode(role_policy.policy).Statement :
        flatten([st.Action]) == ["dynamodb:ListStreams"] if contains(flatten([st.Action]), "dynamodb:ListStreams")
      ]
    ]))
    error_message = "ListStreams must sit alone in its own statement."
  }

  assert {
    condition     = alltrue([for s, rp in aws_iam_role_policy.service : rp.policy == jsonencode(local.service_policies[s])])
    error_message = "Each role policy must be the inspectable local document."
  }
}

run "each_service_gets_only_what_it_uses" {
  command = apply

  assert {
    condition = alltrue([
      for s in keys(local.service_policies) :
      one([for st in local.service_policies[s].Statement : st.Resource if st.Sid == "UseRegistrationsTable"]) == [
        aws_dynamodb_table.registrations.arn, "${aws_dynamodb_table.registrations.arn}/index/*"
      ]
    ])
    error_message = "Table actions must be limited to the table and its indexes."
  }

  assert {
    condition = alltrue([
      for s in ["registration-service", "materials-service"] :
      !anytrue([for st in local.service_policies[s].Statement : anytrue([for a in flatten([st.Action]) : a == "dynamodb:GetRecords" || a == "dynamodb:ListStreams"])])
    ])
    error_message = "Only checkin-service reads the stream (its change feed's statements: tests/feed.tftest.hcl)."
  }

  assert {
    condition = alltrue(flatten([
      for st in local.service_policies["materials-service"].Statement : [
        for r in flatten([st.Resource]) :
        r == aws_s3_bucket.materials.arn || r == "${aws_s3_bucket.materials.arn}/*"
      ] if anytrue([for a in flatten([st.Action]) : startswith(a, "s3:")])
    ]))
    error_message = "materials-service's S3 actions must be limited to its bucket."
  }

  assert {
    condition = alltrue([
      for s in ["registration-service", "checkin-service"] :
      !anytrue([for st in local.service_policies[s].Statement : anytrue([for a in flatten([st.Action]) : startswith(a, "s3:")])])
    ])
    error_message = "Only materials-service touches S3."
  }

  assert {
    condition = alltrue([
      for s in keys(local.service_policies) :
      one([for st in local.service_policies[s].Statement : st.Resource if st.Sid == "ReadOwnConfiguration"]) == [
        "arn:aws:ssm:us-east-1:123456789012:parameter/event-management/${s}",
        "arn:aws:ssm:us-east-1:123456789012:parameter/event-management/${s}/*",
      ]
    ])
    error_message = "Each service may read only its own parameter path."
  }

  assert {
    condition = alltrue([
      for s in keys(local.service_policies) :
      one([for st in local.service_policies[s].Statement : st.Resource if st.Sid == "WriteOwnLogs"]) == "${aws_cloudwatch_log_group.service[s].arn}:log-stream:*"
    ])
    error_message = "Each service may write only to its own log group."
  }
}

run "only_materials_service_invalidates_and_only_its_distribution" {
  command = apply

  assert {
    condition = one([
      for st in local.service_policies["materials-service"].Statement : st if st.Sid == "InvalidateWithdrawnCopies"
      ]).Action == "cloudfront:CreateInvalidation" && one([
      for st in local.service_policies["materials-service"].Statement : st if st.Sid == "InvalidateWithdrawnCopies"
    ]).Resource == aws_cloudfront_distribution.this.arn
    error_message = "materials-service must be able to invalidate paths of the materials distribution, and nothing else."
  }

  assert {
    condition = alltrue(flatten([
      for s, policy in local.service_policies : [
        for st in policy.Statement :
        s == "materials-service" && st.Sid == "InvalidateWithdrawnCopies" && flatten([st.Resource]) == [aws_cloudfront_distribution.this.arn]
        if anytrue([for a in flatten([st.Action]) : startswith(a, "cloudfront:")])
      ]
    ]))
    error_message = "No other statement or service may hold a cloudfront: action."
  }

  assert {
    condition     = aws_ssm_parameter.service["materials-service/MATERIALS_CLOUDFRONT_DISTRIBUTION_ID"].value == aws_cloudfront_distribution.this.id
    error_message = "materials-service must be told which distribution to invalidate."
  }

  assert {
    condition = alltrue([
      for s in ["registration-service", "checkin-service"] : !contains(keys(aws_ssm_parameter.service), "${s}/MATERIALS_CLOUDFRONT_DISTRIBUTION_ID")
    ])
    error_message = "Only materials-service gets the distribution id."
  }
}

run "ecr_images_get_pull_rights_on_their_repository_only" {
  command = apply

  variables {
    service_images = {
      "registration-service" = "123456789012.dkr.ecr.us-east-1.amazonaws.com/event-management/registration-service:1.0.0"
      "checkin-service"      = "public.ecr.aws/event-management/checkin-service:1.0.0"
      "materials-service"    = "public.ecr.aws/event-management/materials-service:1.0.0"
    }
  }

  assert {
    condition = one([
      for st in local.service_policies["registration-service"].Statement : st.Resource if st.Sid == "PullOwnImage"
    ]) == "arn:aws:ecr:us-east-1:123456789012:repository/event-management/registration-service"
    error_message = "An ECR image must get pull rights on its own repository."
  }

  assert {
    condition     = strcontains(base64decode(aws_launch_template.service["registration-service"].user_data), "docker login --username AWS --password-stdin \"123456789012.dkr.ecr.us-east-1.amazonaws.com\"")
    error_message = "An ECR image must be pulled after an ECR login."
  }

  assert {
    condition     = !anytrue([for st in local.service_policies["checkin-service"].Statement : st.Sid == "PullOwnImage"])
    error_message = "Images outside ECR get no ECR rights."
  }
}
