namespace Ferry.Runtime.Imaging;

/// <summary>How to restore an image (room for environment re-mapping in later work).</summary>
public sealed record RestoreOptions
{
    public static RestoreOptions Default { get; } = new();
}
