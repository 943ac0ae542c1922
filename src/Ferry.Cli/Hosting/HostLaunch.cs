using Ferry.Abstractions.Instances;

namespace Ferry.Cli.Hosting;

/// <summary>A created instance and the Ferry.Host command line that runs it; <see cref="What"/> names it in errors.</summary>
internal sealed record HostLaunch(InstanceInfo Instance, string What, IReadOnlyList<string> HostArgs);
