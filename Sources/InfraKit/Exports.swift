// The library platform teams import: the construct tree and the Terraform and Kubernetes output models come with it.
@_exported import InfraAWS
@_exported import InfraCore
@_exported import Manifests
@_exported import Terraform
