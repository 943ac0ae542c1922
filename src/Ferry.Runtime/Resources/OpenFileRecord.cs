namespace Ferry.Runtime.Resources;

/// <summary>
/// What Ferry needs to open a file stream again after a restore: the inside path (re-mapped through the
/// view current at restore time) and the arguments it was opened with.
/// </summary>
public sealed class OpenFileRecord
{
    public long Id;
    public string InsidePath = "";
    public FileMode Mode;
    public FileAccess Access;
    public FileShare Share;
    public FileOptions Options;
    public int BufferSize;
}
