namespace Ferry.Abstractions.Environments;

/// <summary>What an intercepted file call is about to do with a path; policies and modes decide on it.</summary>
public enum PathAccess
{
    /// <summary>Open for reading, stat, existence checks.</summary>
    Read,
    /// <summary>Open an existing file for writing or appending.</summary>
    Write,
    /// <summary>Create a file or directory.</summary>
    Create,
    /// <summary>Delete or move away.</summary>
    Delete,
    /// <summary>Enumerate a directory.</summary>
    List,
}
