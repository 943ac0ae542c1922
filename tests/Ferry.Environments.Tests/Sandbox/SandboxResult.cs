using Ferry.Environments.Sandbox;

namespace Ferry.Environments.Tests.Sandbox;

/// <summary>How a sandboxed command ended and what it printed.</summary>
internal sealed record SandboxResult(int ExitCode, string Stdout, string Stderr, SandboxLaunch Launch)
{
    public override string ToString() => $"exit {ExitCode}; stdout: {Stdout.Trim()}; stderr: {Stderr.Trim()}";
}
