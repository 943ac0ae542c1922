namespace Ferry.Environments.Sandbox;

/// <summary>A sandbox that cannot be set up as asked (bad spec, or unavailable under FERRY_SANDBOX=require); the message is one line.</summary>
public sealed class SandboxException(string message, Exception? inner = null) : Exception(message, inner);
