mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "without_a_mail_domain_nothing_is_sent_and_no_ses_exists" {
  command = plan

  assert {
    condition     = length(aws_sesv2_email_identity.notifications) == 0 && length(aws_iam_user.ses_smtp) == 0
    error_message = "No SES resources without notification_mail_domain."
  }

  assert {
    condition     = aws_ssm_parameter.service["registration-service/NOTIFICATION_SENDER_ENABLED"].value == "false"
    error_message = "Without a sending identity the sender must be off."
  }
}

run "a_mail_domain_gets_identity_configuration_set_and_a_send_only_smtp_user" {
  command = apply

  variables {
    notification_mail_domain = "events.example.org"
    # Two checkin instances read the table's own stream, both readers a shard serves: the sender must sweep.
    change_feed = "dynamodb-streams"
    service_scaling = {
      "registration-service" = { min = 2, max = 6, desired = 2 }
      "checkin-service"      = { min = 2, max = 2, desired = 2 }
      "materials-service"    = { min = 2, max = 4, desired = 2 }
    }
  }

  assert {
    condition     = aws_sesv2_email_identity.notifications[0].email_identity == "events.example.org" && aws_sesv2_email_identity.notifications[0].configuration_set_name == "event-management-notifications"
    error_message = "The domain must be an SES identity sending through the configuration set."
  }

  assert {
    condition     = aws_sesv2_configuration_set.notifications[0].delivery_options[0].tls_policy == "REQUIRE"
    error_message = "Mail must leave SES over TLS only."
  }

  assert {
    condition = jsondecode(aws_iam_user_policy.ses_smtp[0].policy).Statement == [{
      Sid       = "SendNotificationsOnly"
      Effect    = "Allow"
      Action    = "ses:SendRawEmail"
      Resource  = ["arn:aws:ses:us-east-1:123456789012:identity/events.example.org", "arn:aws:ses:us-east-1:123456789012:configuration-set/event-management-notifications"]
      Condition = { StringEquals = { "ses:FromAddress" = "tickets@events.example.org" } }
    }]
    error_message = "The SMTP user may only send, from the one identity and address."
  }

  assert {
    condition = !anytrue(flatten([
      for s, p in local.service_policies : [for st in p.Statement : [for a in flatten([st.Action]) : startswith(a, "ses:")]]
    ]))
    error_message = "No instance role gets SES rights: the service sends with the SMTP user's credentials."
  }

  assert {
    condition = alltrue([
      aws_ssm_parameter.service["registration-service/QUARKUS_MAILER_HOST"].value == "email-smtp.us-east-1.amazonaws.com",
      aws_ssm_parameter.service["registration-service/QUARKUS_MAILER_START_TLS"].value == "REQUIRED",
      aws_ssm_parameter.service["registration-service/NOTIFICATION_FROM"].value == "tickets@events.example.org",
      aws_ssm_parameter.service["registration-service/NOTIFICATION_SES_CONFIGURATION_SET"].value == "event-management-notifications",
    ])
    error_message = "registration-service must get SES's SMTP endpoint, STARTTLS, the sender and the configuration set."
  }

  assert {
    condition     = !contains(keys(aws_ssm_parameter.service), "registration-service/QUARKUS_MAILER_PASSWORD")
    error_message = "SMTP credentials never pass through Terraform."
  }

  assert {
    condition     = aws_ssm_parameter.service["registration-service/NOTIFICATION_FEED_ENABLED"].value == "false"
    error_message = "With two checkin-service readers on the DynamoDB stream, the sender sweeps instead of reading it."
  }

  assert {
    condition     = !anytrue([for st in local.service_policies["registration-service"].Statement : st.Sid == "ReadTableStream"])
    error_message = "A sender that only sweeps gets no stream rights."
  }
}

run "the_sender_reads_the_stream_when_checkin_leaves_a_reader_free" {
  command = plan

  variables {
    notification_mail_domain = "events.example.org"
    service_scaling = {
      "registration-service" = { min = 2, max = 6, desired = 2 }
      "checkin-service"      = { min = 1, max = 1, desired = 1 }
      "materials-service"    = { min = 2, max = 4, desired = 2 }
    }
  }

  assert {
    condition     = aws_ssm_parameter.service["registration-service/NOTIFICATION_FEED_ENABLED"].value == "true"
    error_message = "One checkin-service reader leaves the second for the sender."
  }

  assert {
    condition     = anytrue([for st in local.service_policies["registration-service"].Statement : st.Sid == "ReadTableStream"])
    error_message = "A sender that reads the feed needs the stream read rights."
  }
}

run "a_mail_domain_must_be_a_domain" {
  command = plan

  variables {
    notification_mail_domain = "Not A Domain"
  }

  expect_failures = [var.notification_mail_domain]
}
