import InfraCLI

// The stacks are the YAML stack files of stacks/ (or the folder --stacks names).
Infra.main()
