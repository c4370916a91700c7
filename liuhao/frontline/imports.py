"""Excel import of the service-front records (see `template_rows` and `import_run`)."""
