using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// An object written as a surrogate (see <see cref="IObjectSurrogates"/>): the surrogate's fields inline
/// where the original was first referenced; on read the resolver turns it back into the real object.
/// </summary>
internal sealed class SurrogateCodec(ObjectCodec inner) : TypeCodec(inner.Type, CodecKind.Surrogate)
{
    public ObjectCodec Inner { get; } = inner;

    public override void WriteForm(GraphEncoder w)
    {
        w.WriteByte((byte)TypeForm.Surrogate);
        w.WriteTypeRef(Inner);
    }

    public override object ReadAllocation(GraphDecoder r)
    {
        object surrogate = RuntimeHelpers.GetUninitializedObject(Inner.Type);
        Inner.ReadBody(r, surrogate);
        return r.ResolveSurrogate(surrogate);
    }
}
