extension Expr {
  /// This expression with every reference for which `replacement` gives an expression replaced
  /// by it: how a reference to another stack's object becomes a read of that stack's output.
  public func replacingReferences(_ replacement: (Reference) -> Expr?) -> Expr {
    switch self {
    case .reference(let reference): replacement(reference) ?? self
    case .list(let elements): .list(elements.map { $0.replacingReferences(replacement) })
    case .object(let members): .object(members.mapValues { $0.replacingReferences(replacement) })
    case .call(let name, let arguments): .call(name, arguments.map { $0.replacingReferences(replacement) })
    case .template(let parts): .template(parts.map { $0.replacingReferences(replacement) })
    case .string, .int, .double, .bool, .null, .raw: self
    }
  }
}

extension Body {
  /// This body with references replaced in every argument and nested block.
  public func replacingReferences(_ replacement: (Reference) -> Expr?) -> Body {
    Body(
      entries.mapValues { entry in
        switch entry {
        case .argument(let value): .argument(value.replacingReferences(replacement))
        case .block(let body): .block(body.replacingReferences(replacement))
        case .blocks(let bodies): .blocks(bodies.map { $0.replacingReferences(replacement) })
        }
      })
  }
}

extension TerraformConfiguration {
  /// This configuration with references replaced wherever an expression may hold one: in
  /// providers, resources, data sources, locals, module calls and outputs, and in `count` and
  /// `for_each`.
  public func replacingReferences(_ replacement: (Reference) -> Expr?) -> TerraformConfiguration {
    var result = self
    result.providers = providers.map { provider in
      var provider = provider
      provider.body = provider.body.replacingReferences(replacement)
      return provider
    }
    result.resources = resources.map { block in
      var block = block
      (block.body, block.meta) = Self.replacingReferences(in: block.body, block.meta, replacement)
      return block
    }
    result.dataSources = dataSources.map { block in
      var block = block
      (block.body, block.meta) = Self.replacingReferences(in: block.body, block.meta, replacement)
      return block
    }
    result.locals = locals.mapValues { $0.replacingReferences(replacement) }
    result.modules = modules.map { module in
      var module = module
      module.arguments = module.arguments.mapValues { $0.replacingReferences(replacement) }
      module.count = module.count?.replacingReferences(replacement)
      module.forEach = module.forEach?.replacingReferences(replacement)
      return module
    }
    result.outputs = outputs.map { output in
      var output = output
      output.value = output.value.replacingReferences(replacement)
      return output
    }
    return result
  }
}

extension TerraformConfiguration {
  /// A resource's or data source's body and meta-arguments with references replaced.
  private static func replacingReferences(
    in body: Body, _ meta: MetaArguments, _ replacement: (Reference) -> Expr?
  ) -> (Body, MetaArguments) {
    var meta = meta
    meta.count = meta.count?.replacingReferences(replacement)
    meta.forEach = meta.forEach?.replacingReferences(replacement)
    return (body.replacingReferences(replacement), meta)
  }

  /// Every reference an expression of the configuration makes, in the places
  /// ``replacingReferences(_:)`` looks.
  public var references: [Reference] {
    var found: [Reference] = []
    _ = replacingReferences { reference in
      found.append(reference)
      return nil
    }
    return found
  }
}
