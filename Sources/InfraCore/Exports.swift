// Diagnostics are part of the construct core's API: code that imports InfraCore (or InfraKit)
// reports and reads them without importing the leaf module itself.
@_exported import Diagnostics
