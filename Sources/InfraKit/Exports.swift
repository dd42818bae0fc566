// The library platform teams import: the construct tree and the Terraform output model come with it.
@_exported import InfraAWS
@_exported import InfraCore
@_exported import Terraform
