"""One module per page: parse the request, call the Coach, render a template."""
