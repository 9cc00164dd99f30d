# Attendee email (notifications, issue #13): registration-service sends through SES's SMTP
# interface. Terraform makes the sending identity, a configuration set, and an IAM user that may
# only send from that identity; its SMTP credentials are SecureString parameters the operator
# writes (README "Attendee email in AWS"), so no secret passes through Terraform state.
locals {
  ses_enabled       = var.notification_mail_domain != ""
  notification_from = "${var.notification_from_local_part}@${var.notification_mail_domain}"

  # The sender's own stream reader fits only while checkin-service leaves one of the two readers
  # a DynamoDB stream shard serves free; otherwise the sweep of the due index alone sends
  # (NOTIFICATION_SWEEP_AFTER late).
  # With Kinesis, checkin reads no DynamoDB stream, so the sender's one reader fits beside nothing.
  notification_feed_enabled = local.kinesis_feed || var.service_scaling["checkin-service"].max < 2

  ses_identity_arn          = "arn:${local.partition}:ses:${local.region}:${local.account_id}:identity/${var.notification_mail_domain}"
  ses_configuration_set     = "${local.name}-notifications"
  ses_configuration_set_arn = "arn:${local.partition}:ses:${local.region}:${local.account_id}:configuration-set/${local.ses_configuration_set}"

  notification_parameters = local.ses_enabled ? {
    QUARKUS_MAILER_HOST                = "email-smtp.${local.region}.amazonaws.com"
    QUARKUS_MAILER_PORT                = "587"
    QUARKUS_MAILER_START_TLS           = "REQUIRED"
    QUARKUS_MAILER_LOGIN               = "REQUIRED"
    NOTIFICATION_FROM                  = local.notification_from
    NOTIFICATION_SES_CONFIGURATION_SET = local.ses_configuration_set
    NOTIFICATION_TICKET_LINK           = "https://${aws_cloudfront_distribution.this.domain_name}/ticket"
    NOTIFICATION_FEED_ENABLED          = tostring(local.notification_feed_enabled)
    } : {
    # No sending identity: the outbox still records every notification, none is sent.
    NOTIFICATION_SENDER_ENABLED = "false"
  }
}

resource "aws_sesv2_configuration_set" "notifications" {
  count = local.ses_enabled ? 1 : 0

  configuration_set_name = local.ses_configuration_set

  delivery_options {
    tls_policy = "REQUIRE"
  }

  reputation_options {
    reputation_metrics_enabled = true
  }

  sending_options {
    sending_enabled = true
  }

  # Addresses that bounced or complained are not tried again account-wide; the sender records SES's answer.
  suppression_options {
    suppressed_reasons = ["BOUNCE", "COMPLAINT"]
  }
}

resource "aws_sesv2_email_identity" "notifications" {
  count = local.ses_enabled ? 1 : 0

  email_identity         = var.notification_mail_domain
  configuration_set_name = aws_sesv2_configuration_set.notifications[0].configuration_set_name
}

# SMTP credentials belong to an IAM user (SES derives the SMTP password from its access key);
# this user may send from the identity through the configuration set, as the one sender address, and nothing else.
resource "aws_iam_user" "ses_smtp" {
  count = local.ses_enabled ? 1 : 0

  name = "${local.name}-ses-smtp"
  tags = { Service = "registration-service" }
}

locals {
  ses_smtp_policy = {
    Version = "2012-10-17"
    Statement = [{
      Sid       = "SendNotificationsOnly"
      Effect    = "Allow"
      Action    = "ses:SendRawEmail"
      Resource  = [local.ses_identity_arn, local.ses_configuration_set_arn]
      Condition = { StringEquals = { "ses:FromAddress" = local.notification_from } }
    }]
  }
}

resource "aws_iam_user_policy" "ses_smtp" {
  count = local.ses_enabled ? 1 : 0

  name   = "send-notifications-only"
  user   = aws_iam_user.ses_smtp[0].name
  policy = jsonencode(local.ses_smtp_policy)
}
