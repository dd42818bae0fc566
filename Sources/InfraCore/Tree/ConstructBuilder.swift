/// The body of a stack or construct: constructs, loops over them, conditions.
///
/// ```swift
/// Stack("network-dev") {
///   let vpc = Resource("vpc", type: "aws_vpc", ["cidr_block": "10.0.0.0/16"])
///   for zone in zones {
///     Resource("private-\(zone)", type: "aws_subnet", ["vpc_id": vpc["id"], "availability_zone": .string(zone)])
///   }
/// }
/// ```
///
/// Constructs join the scope whose body is running when they are created, so the builder only
/// has to accept them.
@resultBuilder
public enum ConstructBuilder {
  public static func buildExpression(_ construct: Construct) {}
  public static func buildExpression(_ nothing: Void) {}
  public static func buildBlock(_ parts: Void...) {}
  public static func buildOptional(_ part: Void?) {}
  public static func buildEither(first part: Void) {}
  public static func buildEither(second part: Void) {}
  public static func buildArray(_ parts: [Void]) {}
  public static func buildLimitedAvailability(_ part: Void) {}
}
