"""The pure assessment engine: no Django imports (enforced by an import-linter contract)."""

ENGINE_VERSION = "1.1.0"
