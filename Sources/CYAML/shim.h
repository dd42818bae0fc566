// libyaml (Debian's libyaml-dev, pkg-config yaml-0.1): the C parser InfraYAML reads stack files with.
#include <yaml.h>
