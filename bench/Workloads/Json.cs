using System.Globalization;
using System.Text;

namespace BenchWorkloads;

/// <summary>A JSON document: generated, tokenized and parsed into a DOM, queried, and written back.</summary>
public static class Json
{
    private abstract class JsonValue;

    private sealed class JsonObject : JsonValue
    {
        public readonly Dictionary<string, JsonValue> Members = new();
        public readonly List<string> Order = new();
    }

    private sealed class JsonArray : JsonValue
    {
        public readonly List<JsonValue> Items = new();
    }

    private sealed class JsonString(string value) : JsonValue
    {
        public string Value { get; } = value;
    }

    private sealed class JsonNumber(double value) : JsonValue
    {
        public double Value { get; } = value;
    }

    private sealed class JsonBool(bool value) : JsonValue
    {
        public bool Value { get; } = value;
    }

    private sealed class JsonNull : JsonValue
    {
        public static readonly JsonNull Instance = new();
    }

    public static long Run()
    {
        var text = Generate(1_500);
        var doc = new Parser(text).Parse();

        long h = text.Length;
        var people = (JsonArray)((JsonObject)doc).Members["people"];
        double balance = 0;
        var active = 0;
        var tags = new Dictionary<string, int>();
        foreach (var p in people.Items)
        {
            var o = (JsonObject)p;
            balance += ((JsonNumber)o.Members["balance"]).Value;
            if (((JsonBool)o.Members["active"]).Value) active++;
            foreach (var t in ((JsonArray)o.Members["tags"]).Items)
            {
                var s = ((JsonString)t).Value;
                tags[s] = tags.GetValueOrDefault(s) + 1;
            }
            var friends = ((JsonArray)o.Members["friends"]).Items;
            h = Suite.Mix(h, friends.Count);
        }
        h = Suite.Mix(h, (long)(balance * 100));
        h = Suite.Mix(h, active);
        h = Suite.Mix(h, tags.Count);
        h = Suite.Mix(h, Depth(doc));
        h = Suite.Mix(h, CountNodes(doc));

        var written = new StringBuilder();
        Write(doc, written);
        var again = new Parser(written.ToString()).Parse();
        h = Suite.Mix(h, written.Length);
        h = Suite.Mix(h, CountNodes(again));
        return h;
    }

    private static string Generate(int count)
    {
        var sb = new StringBuilder();
        sb.Append("{\"version\": 3, \"generated\": \"2024-01-01T00:00:00Z\", \"people\": [");
        for (var i = 0; i < count; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append("\n  {\"id\": ").Append(i)
              .Append(", \"name\": \"Person \\\"").Append(i).Append("\\\" Smith\"")
              .Append(", \"email\": \"person").Append(i).Append("@example.org\"")
              .Append(", \"balance\": ").Append((i * 1234.5678 % 10000).ToString("F2", CultureInfo.InvariantCulture))
              .Append(", \"active\": ").Append(i % 3 == 0 ? "true" : "false")
              .Append(", \"manager\": ").Append(i % 10 == 0 ? "null" : (i / 10 * 10).ToString(CultureInfo.InvariantCulture))
              .Append(", \"tags\": [");
            for (var t = 0; t < 1 + i % 4; t++)
            {
                if (t > 0) sb.Append(", ");
                sb.Append("\"tag").Append((i + t * 7) % 23).Append('"');
            }
            sb.Append("], \"address\": {\"street\": \"").Append(i * 13 % 997).Append(" Main St\", \"zip\": \"")
              .Append((10000 + i * 7 % 89999).ToString(CultureInfo.InvariantCulture)).Append("\", \"geo\": [")
              .Append((i * 0.001).ToString("R", CultureInfo.InvariantCulture)).Append(", ")
              .Append((-i * 0.002).ToString("R", CultureInfo.InvariantCulture)).Append("]}")
              .Append(", \"friends\": [");
            for (var f = 0; f < i % 5; f++)
            {
                if (f > 0) sb.Append(", ");
                sb.Append("{\"id\": ").Append((i * 31 + f) % count).Append(", \"since\": ").Append(2000 + f).Append('}');
            }
            sb.Append("]}");
        }
        sb.Append("\n]}");
        return sb.ToString();
    }

    private sealed class Parser(string text)
    {
        private int _pos;

        public JsonValue Parse()
        {
            var v = ParseValue();
            SkipWhitespace();
            if (_pos != text.Length) throw new FormatException("trailing characters");
            return v;
        }

        private void SkipWhitespace()
        {
            while (_pos < text.Length && text[_pos] is ' ' or '\n' or '\r' or '\t') _pos++;
        }

        private JsonValue ParseValue()
        {
            SkipWhitespace();
            var c = text[_pos];
            switch (c)
            {
                case '{': return ParseObject();
                case '[': return ParseArray();
                case '"': return new JsonString(ParseString());
                case 't': Literal("true"); return new JsonBool(true);
                case 'f': Literal("false"); return new JsonBool(false);
                case 'n': Literal("null"); return JsonNull.Instance;
                default: return ParseNumber();
            }
        }

        private void Literal(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) throw new FormatException($"expected {word}");
            _pos += word.Length;
        }

        private JsonObject ParseObject()
        {
            var o = new JsonObject();
            _pos++;
            SkipWhitespace();
            if (text[_pos] == '}')
            {
                _pos++;
                return o;
            }
            while (true)
            {
                SkipWhitespace();
                var key = ParseString();
                SkipWhitespace();
                if (text[_pos++] != ':') throw new FormatException("expected :");
                o.Members[key] = ParseValue();
                o.Order.Add(key);
                SkipWhitespace();
                var c = text[_pos++];
                if (c == '}') return o;
                if (c != ',') throw new FormatException("expected , or }");
            }
        }

        private JsonArray ParseArray()
        {
            var a = new JsonArray();
            _pos++;
            SkipWhitespace();
            if (text[_pos] == ']')
            {
                _pos++;
                return a;
            }
            while (true)
            {
                a.Items.Add(ParseValue());
                SkipWhitespace();
                var c = text[_pos++];
                if (c == ']') return a;
                if (c != ',') throw new FormatException("expected , or ]");
            }
        }

        private string ParseString()
        {
            if (text[_pos++] != '"') throw new FormatException("expected string");
            var sb = new StringBuilder();
            while (true)
            {
                var c = text[_pos++];
                if (c == '"') return sb.ToString();
                if (c != '\\')
                {
                    sb.Append(c);
                    continue;
                }
                var e = text[_pos++];
                sb.Append(e switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'u' => (char)int.Parse(text.AsSpan(_pos - 0, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    _ => e,
                });
                if (e == 'u') _pos += 4;
            }
        }

        private JsonNumber ParseNumber()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] is '-' or '+' or '.' or 'e' or 'E')) _pos++;
            return new JsonNumber(double.Parse(text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture));
        }
    }

    private static int Depth(JsonValue v) => v switch
    {
        JsonObject o => 1 + o.Members.Values.Select(Depth).DefaultIfEmpty(0).Max(),
        JsonArray a => 1 + a.Items.Select(Depth).DefaultIfEmpty(0).Max(),
        _ => 0,
    };

    private static int CountNodes(JsonValue v)
    {
        var n = 1;
        if (v is JsonObject o)
            foreach (var m in o.Members.Values) n += CountNodes(m);
        else if (v is JsonArray a)
            foreach (var item in a.Items) n += CountNodes(item);
        return n;
    }

    private static void Write(JsonValue v, StringBuilder sb)
    {
        switch (v)
        {
            case JsonObject o:
                sb.Append('{');
                for (var i = 0; i < o.Order.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    WriteString(o.Order[i], sb);
                    sb.Append(':');
                    Write(o.Members[o.Order[i]], sb);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Items.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(a.Items[i], sb);
                }
                sb.Append(']');
                break;
            case JsonString s:
                WriteString(s.Value, sb);
                break;
            case JsonNumber n:
                sb.Append(n.Value.ToString("R", CultureInfo.InvariantCulture));
                break;
            case JsonBool b:
                sb.Append(b.Value ? "true" : "false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void WriteString(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                default: sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}
