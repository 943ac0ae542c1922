using Ferry.Abstractions.Instances;
using Ferry.Environments.Sandbox;

namespace Ferry.Node.Instances;

/// <summary>
/// A created instance, the Ferry.Host command line that runs it and the sandbox it runs in;
/// <see cref="What"/> names it in errors.
/// </summary>
public sealed record HostLaunch(InstanceInfo Instance, string What, IReadOnlyList<string> HostArgs, SandboxSpec? Sandbox = null);
