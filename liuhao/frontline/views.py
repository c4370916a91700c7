"""Pages of the service front (服务阵地)."""
