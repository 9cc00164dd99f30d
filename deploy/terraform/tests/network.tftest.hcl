mock_provider "aws" {
  source = "./tests/mocks"
}

# HTTPS is required (a variable validation); every run here uses a certificate unless it says otherwise.
variables {
  certificate_arn        = "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
  alb_origin_domain_name = "origin.events.example.org"
}

run "two_azs_each_with_a_public_and_a_private_subnet" {
  command = plan

  assert {
    condition     = aws_vpc.this.cidr_block == "10.110.0.0/16"
    error_message = "The VPC must default to 10.110.0.0/16."
  }

  assert {
    condition     = length(aws_subnet.public) == 2 && length(aws_subnet.private) == 2
    error_message = "Expected 2 public and 2 private subnets."
  }

  assert {
    condition     = aws_subnet.public[*].availability_zone == ["us-east-1a", "us-east-1b"]
    error_message = "Public subnets must spread over the first two AZs."
  }

  assert {
    condition     = aws_subnet.private[*].availability_zone == aws_subnet.public[*].availability_zone
    error_message = "Each AZ needs one private subnet beside its public one."
  }

  assert {
    condition     = aws_subnet.public[*].cidr_block == ["10.110.0.0/24", "10.110.1.0/24"] && aws_subnet.private[*].cidr_block == ["10.110.16.0/20", "10.110.32.0/20"]
    error_message = "Subnet CIDRs must be the non-overlapping public /24s and private /20s."
  }

  assert {
    condition     = alltrue([for s in aws_subnet.public : s.map_public_ip_on_launch == false])
    error_message = "Nothing launched in a public subnet should get a public IP by default."
  }
}

run "one_nat_gateway_per_az_and_private_routes_through_its_own_az" {
  command = apply

  assert {
    condition     = length(aws_nat_gateway.this) == 2 && length(aws_eip.nat) == 2
    error_message = "Expected one NAT gateway (with its EIP) per AZ."
  }

  assert {
    condition     = [for n in aws_nat_gateway.this : n.subnet_id] == aws_subnet.public[*].id
    error_message = "Each NAT gateway must sit in the public subnet of its AZ."
  }

  assert {
    condition     = [for r in aws_route.private_nat : r.nat_gateway_id] == aws_nat_gateway.this[*].id
    error_message = "Each private route table must default-route through the NAT of its own AZ."
  }

  assert {
    condition     = aws_route.public_internet.gateway_id == aws_internet_gateway.this.id
    error_message = "Public subnets must route to the internet gateway."
  }

  assert {
    condition     = [for a in aws_route_table_association.private : a.subnet_id] == aws_subnet.private[*].id
    error_message = "Every private subnet must be associated with its route table."
  }
}

run "alb_only_from_cloudfront_on_443_and_instances_only_reachable_from_the_alb" {
  command = apply

  assert {
    condition = (
      toset([for r in aws_vpc_security_group_ingress_rule.alb : r.from_port]) == toset([443])
      && alltrue([for r in aws_vpc_security_group_ingress_rule.alb : r.cidr_ipv4 == null && r.cidr_ipv6 == null
      && r.prefix_list_id == data.aws_ec2_managed_prefix_list.cloudfront_origin_facing.id])
      && data.aws_ec2_managed_prefix_list.cloudfront_origin_facing.name == "com.amazonaws.global.cloudfront.origin-facing"
    )
    error_message = "The ALB must accept only 443, and only from CloudFront's origin-facing managed prefix list."
  }

  assert {
    condition = alltrue([
      for s, svc in jsondecode(file("${path.module}/../contract/path-rules.json")).services :
      aws_vpc_security_group_ingress_rule.service_health_from_alb[s].referenced_security_group_id == aws_security_group.alb.id
      && aws_vpc_security_group_ingress_rule.service_health_from_alb[s].from_port == svc.management_port
      && aws_vpc_security_group_ingress_rule.service_health_from_alb[s].to_port == svc.management_port
      && aws_vpc_security_group_egress_rule.alb_to_management[s].from_port == svc.management_port
    ])
    error_message = "Health checks reach each service's management port from the ALB, and nothing else does."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.service_from_alb) == 3
    error_message = "Each service needs exactly one ingress rule."
  }

  assert {
    condition = alltrue([
      for s, svc in jsondecode(file("${path.module}/../contract/path-rules.json")).services :
      aws_vpc_security_group_ingress_rule.service_from_alb[s].referenced_security_group_id == aws_security_group.alb.id
      && aws_vpc_security_group_ingress_rule.service_from_alb[s].from_port == svc.port
      && aws_vpc_security_group_ingress_rule.service_from_alb[s].to_port == svc.port
      && aws_vpc_security_group_ingress_rule.service_from_alb[s].cidr_ipv4 == null
    ])
    error_message = "Instances must accept only the ALB security group, only on their contract port."
  }
}
