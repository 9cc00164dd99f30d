output "cloudfront_domain_name" {
  description = "Public entry point (API, WebSockets, /static/*)."
  value       = module.event_platform.cloudfront_domain_name
}

output "alb_dns_name" {
  description = "Point alb_domain_name's CNAME here."
  value       = module.event_platform.alb_dns_name
}

output "parameter_paths" {
  description = "Where to put each service's SecureString secrets before the first instance boots."
  value       = module.event_platform.parameter_paths
}
