resource "aws_security_group" "alb" {
  name        = "${local.name}-alb"
  description = "Public entry: HTTP and HTTPS from anywhere"
  vpc_id      = aws_vpc.this.id

  tags = { Name = "${local.name}-alb" }
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = toset(["80", "443"])

  security_group_id = aws_security_group.alb.id
  description       = "Viewers and CloudFront on port ${each.key}"
  ip_protocol       = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  cidr_ipv4         = "0.0.0.0/0"
}

# The ALB may only talk to the service instances, on each service's port.
resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  for_each = local.services

  security_group_id            = aws_security_group.alb.id
  description                  = "Forward to ${each.key}"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
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
  description                  = "Traffic and health checks from the ALB"
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
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
