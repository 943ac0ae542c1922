using Ferry.Host;

// Parse errors are reported by System.CommandLine on stderr; the CLI never makes them.
return HostCommandLine.Build().Parse(args).Invoke();
