namespace Ferry.Environments.Sandbox;

/// <summary>Whether the environment host runs under bubblewrap; chosen by FERRY_SANDBOX (auto when unset).</summary>
public enum SandboxMode
{
    /// <summary>Use bubblewrap when it works here; otherwise say so in one line and run with interception only.</summary>
    Auto,

    /// <summary>Never sandbox (FERRY_SANDBOX=off): interception only.</summary>
    Off,

    /// <summary>Sandbox or fail (FERRY_SANDBOX=require).</summary>
    Require,
}
