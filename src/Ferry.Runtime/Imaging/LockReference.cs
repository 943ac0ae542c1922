namespace Ferry.Runtime.Imaging;

/// <summary>Stands in an image for a System.Threading.Lock: restored as a new Lock (its owner re-enters it).</summary>
public sealed class LockReference
{
}
