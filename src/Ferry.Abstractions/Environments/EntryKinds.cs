namespace Ferry.Abstractions.Environments;

/// <summary>Which directory entries an enumeration returns.</summary>
[Flags]
public enum EntryKinds
{
    Files = 1,
    Directories = 2,
    All = Files | Directories,
}
