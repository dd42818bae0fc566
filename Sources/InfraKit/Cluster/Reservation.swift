extension NodePool {
  /// Capacity set aside for a pool's nodes: an On-Demand Capacity Reservation, a resource group
  /// of them, or an EC2 Capacity Block for ML. The launch template targets it; nodes then start
  /// only in it.
  public enum Reservation: Sendable, Hashable {
    /// An On-Demand Capacity Reservation, by id (`cr-…`). It is in one zone: give the pool
    /// that `zone:`.
    case capacityReservation(String)
    /// A resource group of On-Demand Capacity Reservations, by the group's ARN; the reservations
    /// may be in several zones.
    case reservationGroup(String)
    /// A Capacity Block for ML, by its reservation id (`cr-…`): reserved GPU instances of one
    /// type, in one zone, for a fixed time. The node group's capacity type is `CAPACITY_BLOCK`
    /// and the launch template names the block's instance type.
    case capacityBlock(String)

    /// What messages call it.
    var described: String {
      switch self {
      case .capacityReservation(let id): "capacity reservation \(id)"
      case .reservationGroup(let arn): "capacity reservation group \(arn)"
      case .capacityBlock(let id): "capacity block \(id)"
      }
    }

    /// Whether its nodes must all be in one zone: a reservation or block is zonal.
    var isZonal: Bool {
      if case .reservationGroup = self { return false }
      return true
    }

    /// What is wrong with how it is written, if anything.
    func problem(in pool: String) -> SettingProblem? {
      switch self {
      case .capacityReservation(let id), .capacityBlock(let id):
        let suffix = id.dropFirst(3)
        if id.hasPrefix("cr-"), !suffix.isEmpty, suffix.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) { return nil }
        return SettingProblem(
          "invalid-capacity-reservation", "node pool '\(pool)': '\(id)' is not a capacity reservation id",
          "write the reservation's id as EC2 shows it, e.g. cr-0123456789abcdef0")
      case .reservationGroup(let arn):
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        if parts.count == 6, parts[0] == "arn", parts[2] == "resource-groups", parts[5].hasPrefix("group/"), parts[5].count > 6 {
          return nil
        }
        return SettingProblem(
          "invalid-capacity-reservation", "node pool '\(pool)': '\(arn)' is not the ARN of a resource group",
          "write the group's ARN, e.g. arn:aws:resource-groups:eu-west-1:111122223333:group/training-reservations")
      }
    }
  }
}
