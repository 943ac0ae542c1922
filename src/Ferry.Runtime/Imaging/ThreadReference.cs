namespace Ferry.Runtime.Imaging;

/// <summary>Stands in an image for a Thread object the app holds: the app thread's stable id.</summary>
public sealed class ThreadReference
{
    public int Id;
}
