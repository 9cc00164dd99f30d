resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "Entry from CloudFront's origin-facing servers only"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${local.name}-alb" }
}

# Clients reach the ALB only through CloudFront: a direct caller could skip its TLS and its rules.
data "aws_ec2_managed_prefix_list" "cloudfront_origin_facing" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = toset([for p in local.alb_listen_ports : tostring(p)])

  security_group_id = aws_security_group.alb.id
  description       = "CloudFront origin-facing servers on port ${each.key}"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront_origin_facing.id
}

# The ALB may only talk to the service instances: traffic on each service's port, health checks on its management port.
resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  for_each = local.services

  security_group_id            = aws_security_group.alb.id
  description                  = "Forward to ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.service[each.key].id
}

resource "aws_vpc_security_group_egress_rule" "alb_to_management" {
  for_each = local.services

  security_group_id            = aws_security_group.alb.id
  description                  = "Health checks of ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.management_port
  to_port                      = each.value.management_port
  referenced_security_group_id = aws_security_group.service[each.key].id
}

resource "aws_security_group" "service" {
  for_each = local.services

  name        = "${local.name}-${local.service_short[each.key]}"
  description = "${each.key} instances: inbound only from the ALB"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${local.name}-${local.service_short[each.key]}" }
}

resource "aws_vpc_security_group_ingress_rule" "service_from_alb" {
  for_each = local.services

  security_group_id            = aws_security_group.service[each.key].id
  description                  = "Traffic from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
  referenced_security_group_id = aws_security_group.alb.id
}

# Health and metrics are on the management port, which no listener rule reaches; only health checks come in on it.
resource "aws_vpc_security_group_ingress_rule" "service_health_from_alb" {
  for_each = local.services

  security_group_id            = aws_security_group.service[each.key].id
  description                  = "Health checks from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = each.value.management_port
  to_port                      = each.value.management_port
  referenced_security_group_id = aws_security_group.alb.id
}

# HTTPS out is all the instances need: AWS APIs, ECR and dnf repositories (DNS and time sync use link-local addresses no SG filters).
resource "aws_vpc_security_group_egress_rule" "service_https" {
  for_each = local.services

  security_group_id = aws_security_group.service[each.key].id
  description       = "AWS APIs, image registry and package repositories"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}
