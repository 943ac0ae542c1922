using Ferry.Abstractions.Instances;
using Ferry.Environments.Sandbox;

namespace Ferry.Cli.Hosting;

/// <summary>
/// A created instance, the Ferry.Host command line that runs it and the sandbox it runs in;
/// <see cref="What"/> names it in errors.
/// </summary>
internal sealed record HostLaunch(InstanceInfo Instance, string What, IReadOnlyList<string> HostArgs, SandboxSpec? Sandbox = null);
