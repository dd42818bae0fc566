// JSON values and the writer are part of the output model's API (variable defaults, backend
// settings): code that imports Terraform uses them without importing the JSON module itself.
@_exported import JSON
