using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ferry.Images.Graph;

/// <summary>
/// The enumerator of an ArrayList (a private framework class): list, index, version, and the current
/// element or, before the first MoveNext and after the last, the framework's "no current element" marker,
/// which is a private singleton and so is written as a flag and read back as this process's marker.
/// </summary>
internal sealed class ArrayListEnumeratorCodec : TypeCodec
{
    public static readonly Type EnumeratorType = typeof(ArrayList).GetNestedType("ArrayListEnumeratorSimple", BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("ArrayList's enumerator class is missing from this runtime");

    private static readonly FieldInfo ListField = Field("_list");
    private static readonly FieldInfo IndexField = Field("_index");
    private static readonly FieldInfo VersionField = Field("_version");
    private static readonly FieldInfo CurrentField = Field("_currentElement");
    private static readonly FieldInfo IsArrayListField = Field("_isArrayList");
    private static readonly object NoCurrent = EnumeratorType.GetField("s_dummyObject", BindingFlags.Static | BindingFlags.NonPublic)?.GetValue(null)
        ?? throw new InvalidOperationException("ArrayList's enumerator has no 'no current element' marker in this runtime");

    public ArrayListEnumeratorCodec()
        : base(EnumeratorType, CodecKind.ArrayListEnumerator)
    {
    }

    public override bool HasBody => true;

    public override object ReadAllocation(GraphDecoder r) => RuntimeHelpers.GetUninitializedObject(EnumeratorType);

    public override void WriteBody(GraphEncoder w, object value)
    {
        w.WriteRef(ListField.GetValue(value));
        w.WriteVarUInt((uint)((int)IndexField.GetValue(value)! + 1)); // -1 before the first MoveNext
        w.WriteVarUInt((uint)(int)VersionField.GetValue(value)!);
        w.WriteByte((bool)IsArrayListField.GetValue(value)! ? (byte)1 : (byte)0);
        object? current = CurrentField.GetValue(value);
        bool hasCurrent = !ReferenceEquals(current, NoCurrent);
        w.WriteByte(hasCurrent ? (byte)1 : (byte)0);
        if (hasCurrent)
        {
            w.WriteRef(current);
        }
    }

    public override void ReadBody(GraphDecoder r, object value)
    {
        var list = r.ReadRefAs<ArrayList>() ?? throw r.Bad("an ArrayList enumerator without its list");
        ulong index = r.ReadVarUInt();
        if (index > int.MaxValue)
        {
            throw r.Bad($"ArrayList enumerator index {index}");
        }
        int version = ListCodec<object>.ReadVersion(r);
        bool isArrayList = ReadFlag(r);
        object? current = ReadFlag(r) ? r.ReadRef() : NoCurrent;
        ListField.SetValue(value, list);
        IndexField.SetValue(value, (int)index - 1);
        VersionField.SetValue(value, version);
        IsArrayListField.SetValue(value, isArrayList);
        CurrentField.SetValue(value, current);
    }

    private static bool ReadFlag(GraphDecoder r) => r.ReadByte() switch
    {
        0 => false,
        1 => true,
        var b => throw r.Bad($"flag byte {b} in an ArrayList enumerator"),
    };

    private static FieldInfo Field(string name) => EnumeratorType.GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException($"ArrayList's enumerator has no field {name} in this runtime");
}
