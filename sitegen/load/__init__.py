"""Reading content files: bytes to text, front matter, and the strict line-aware YAML loader."""

from sitegen.load.files import printable, read_text, split_front_matter
from sitegen.load.yamlnodes import MapNode, ScalarNode, SeqNode, YamlNode, parse_yaml

__all__ = [
    "MapNode",
    "ScalarNode",
    "SeqNode",
    "YamlNode",
    "parse_yaml",
    "printable",
    "read_text",
    "split_front_matter",
]
