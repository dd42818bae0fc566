import InfraKit

/// The JSON infra writes for the resources of `configuration` that `include` picks, alone in a
/// configuration: what exact-JSON tests compare.
func resourceJSON(_ configuration: TerraformConfiguration, _ include: (ResourceBlock) -> Bool) -> String {
  String(decoding: TerraformConfiguration(resources: configuration.resources.filter(include)).json(), as: UTF8.self)
}
