using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Candor.C2pa.Cbor;
using Candor.C2pa.Jumbf;
using Candor.C2pa.Trust;

namespace Candor.C2pa;

// A C2PA manifest store (C2PA 2.2 §11), as JUMBF superboxes (UUID type code → meaning):
//
//   jumb c2pa "c2pa"                                   the store
//     jumb c2ma|c2um "<manifest label>"                one per manifest, oldest first, active last
//       jumb c2as "c2pa.assertions"                    assertion store
//         jumb cbor|json|… "<assertion label>[__N]"    one assertion: a content box (cbor, json,
//                                                      uuid, or bfdb + bidb for embedded files)
//       jumb c2cl "c2pa.claim" | "c2pa.claim.v2"       cbor: the claim map
//       jumb c2cs "c2pa.signature"                     cbor: COSE_Sign1 (tag 18) over the claim
//       [jumb c2cr "c2pa.credentials"], [jumb … "c2pa.databoxes"]
//     jumb c2cm "<manifest label>"                     compressed: a brob box = "jumb" + Brotli of
//                                                      the manifest superbox's payload
//
//   COSE_Sign1 = [protected bstr {1: alg, 33: x5chain}, unprotected {…, "x5chain" in old files},
//                 payload (nil: detached), signature bstr]; x5chain = bstr or [bstr, …], leaf first.

/// <summary>
/// Reads a C2PA manifest store (the JUMBF bytes a container carries) into summaries of its
/// manifests, without validating hashes or signatures. A store or manifest whose structure is
/// broken raises <see cref="CandorFormatException"/>; one unreadable assertion or certificate is
/// recorded in <see cref="C2paManifestSummary.Problems"/> and the rest is still read.
/// </summary>
public static class ManifestStoreReader
{
    /// <summary>Largest decompressed size of a compressed manifest (default 8 MiB).</summary>
    public const int DefaultMaxDecompressedBytes = 8 << 20;

    private delegate void AssertionHandler(C2paManifestSummary manifest, string label, CborValue? cbor, JsonElement? json);

    // Known assertion labels (without their __N suffix) → what to take from them.
    private static readonly Dictionary<string, AssertionHandler> AssertionHandlers = new(StringComparer.Ordinal)
    {
        ["c2pa.actions"] = ReadActions,
        ["c2pa.actions.v2"] = ReadActions,
        ["c2pa.ingredient"] = ReadIngredient,
        ["c2pa.ingredient.v2"] = ReadIngredient,
        ["c2pa.ingredient.v3"] = ReadIngredient,
        ["c2pa.training-mining"] = ReadTrainingMining,
        ["cawg.training-mining"] = ReadTrainingMining,
        ["stds.schema-org.CreativeWork"] = ReadAuthors,
        ["c2pa.metadata"] = ReadAuthors,
    };

    // COSE algorithm identifiers (RFC 9053, RFC 8230) used by C2PA.
    private static readonly Dictionary<long, string> CoseAlgorithms = new()
    {
        [-7] = "ES256",
        [-35] = "ES384",
        [-36] = "ES512",
        [-37] = "PS256",
        [-38] = "PS384",
        [-39] = "PS512",
        [-8] = "Ed25519",
    };

    private static readonly Dictionary<string, C2paManifestKind> ManifestKinds = new(StringComparer.Ordinal)
    {
        ["c2ma"] = C2paManifestKind.Standard,
        ["c2um"] = C2paManifestKind.Update,
        ["c2cm"] = C2paManifestKind.Compressed,
    };

    /// <summary>
    /// Reads the manifest store in <paramref name="jumbf"/>, which sits at absolute offset
    /// <paramref name="baseOffset"/> in the file.
    /// </summary>
    public static C2paManifestStore Read(ReadOnlyMemory<byte> jumbf, long baseOffset = 0, int maxDecompressedBytes = DefaultMaxDecompressedBytes)
    {
        var root = JumbfReader.ReadSuperbox(jumbf, baseOffset);
        if (root.Description!.TypeCode != "c2pa")
            throw new CandorFormatException($"C2PA: the outer JUMBF superbox is '{root.Label}' of type {root.Description.Uuid}, not a C2PA manifest store", root.Offset);
        var manifests = new List<C2paManifestSummary>();
        var problems = new List<string>();
        if (root.Length < jumbf.Length) problems.Add($"{jumbf.Length - root.Length} bytes follow the manifest store");
        foreach (var child in root.Children)
        {
            var code = child.Description?.TypeCode;
            if (code is null || !ManifestKinds.TryGetValue(code, out var kind))
            {
                problems.Add($"box {child} in the store is not a manifest; skipped");
                continue;
            }
            manifests.Add(ReadManifest(child, kind, maxDecompressedBytes));
        }
        var store = new C2paManifestStore { Box = root, Manifests = manifests.AsReadOnly() };
        store.Problems.AddRange(problems);
        return store;
    }

    /// <summary>The assertion label without its "__N" repetition suffix ("c2pa.actions__2" → "c2pa.actions").</summary>
    public static string BaseLabel(string label)
    {
        var i = label.LastIndexOf("__", StringComparison.Ordinal);
        if (i <= 0 || i + 2 == label.Length) return label;
        foreach (var c in label.AsSpan(i + 2))
            if (!char.IsAsciiDigit(c)) return label;
        return label[..i];
    }

    private static C2paManifestSummary ReadManifest(JumbfBox box, C2paManifestKind kind, int maxDecompressedBytes)
    {
        var label = box.Label ?? throw new CandorFormatException("C2PA: a manifest has no label", box.Offset);
        var manifestBox = kind == C2paManifestKind.Compressed ? Decompress(box, maxDecompressedBytes) : box;
        var manifest = new C2paManifestSummary { Label = label, Kind = kind, Box = manifestBox, Offset = box.Offset };

        var claimBox = manifestBox.ChildWithLabel("c2pa.claim.v2") ?? manifestBox.ChildWithLabel("c2pa.claim")
            ?? throw new CandorFormatException($"C2PA: manifest '{label}' has no claim", box.Offset);
        ReadClaim(manifest, claimBox);

        var assertions = manifestBox.ChildWithLabel("c2pa.assertions")
            ?? throw new CandorFormatException($"C2PA: manifest '{label}' has no assertion store", box.Offset);
        foreach (var assertion in assertions.Children)
        {
            if (!assertion.IsSuperbox || assertion.Label is null)
            {
                manifest.Problems.Add($"a box in the assertion store is not a labelled assertion: {assertion}");
                continue;
            }
            manifest.AssertionLabels.Add(assertion.Label);
            if (!AssertionHandlers.TryGetValue(BaseLabel(assertion.Label), out var handler)) continue;
            try
            {
                ReadAssertion(manifest, assertion, handler);
            }
            catch (CandorFormatException e)
            {
                manifest.Problems.Add($"assertion '{assertion.Label}': {e.Describe()}");
            }
        }

        var signature = manifestBox.ChildWithLabel("c2pa.signature");
        if (signature is null) manifest.Problems.Add("the manifest has no claim signature");
        else manifest.Signature = ReadSignature(manifest, signature);
        return manifest;
    }

    private static JumbfBox Decompress(JumbfBox box, int maxBytes)
    {
        var brob = box.FirstContentBox();
        if (brob is null || brob.Type != "brob") throw new CandorFormatException("C2PA: a compressed manifest has no 'brob' box", box.Offset);
        var payload = brob.Payload.Span;
        if (payload.Length < 4 || !payload[..4].SequenceEqual("jumb"u8))
            throw new CandorFormatException("C2PA: a compressed manifest's 'brob' box does not hold a 'jumb' superbox", brob.PayloadOffset);
        var compressed = payload[4..];
        // The rebuilt superbox keeps an 8-byte header so its box offsets read like an embedded one.
        var buffer = new byte[Math.Min(maxBytes, Math.Max(compressed.Length * 4, 4096)) + 8];
        var written = 0;
        var consumed = 0;
        using var decoder = new BrotliDecoder();
        while (true)
        {
            var status = decoder.Decompress(compressed[consumed..], buffer.AsSpan(8 + written), out var read, out var wrote);
            consumed += read;
            written += wrote;
            if (status == OperationStatus.Done) break;
            if (status == OperationStatus.DestinationTooSmall)
            {
                if (buffer.Length - 8 >= maxBytes)
                    throw new CandorFormatException($"C2PA: a compressed manifest decompresses to more than {maxBytes} bytes", brob.Offset, kind: FormatErrorKind.LimitExceeded);
                Array.Resize(ref buffer, (int)Math.Min((long)maxBytes, (buffer.Length - 8) * 2L) + 8);
                continue;
            }
            throw new CandorFormatException(status == OperationStatus.NeedMoreData ? "C2PA: a compressed manifest is cut short" : "C2PA: a compressed manifest is not valid Brotli data", brob.PayloadOffset + 4 + consumed,
                kind: status == OperationStatus.NeedMoreData ? FormatErrorKind.Truncated : FormatErrorKind.Malformed);
        }
        var total = written + 8;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)total);
        "jumb"u8.CopyTo(buffer.AsSpan(4));
        var inner = JumbfReader.ReadSuperbox(buffer.AsMemory(0, total));
        var code = inner.Description!.TypeCode;
        if (code is not ("c2ma" or "c2um"))
            throw new CandorFormatException($"C2PA: a compressed manifest holds '{inner.Label}', not a manifest", brob.Offset);
        return inner;
    }

    private static void ReadClaim(C2paManifestSummary manifest, JumbfBox claimBox)
    {
        var content = claimBox.FirstContentBox();
        if (content is null || content.Type != "cbor")
            throw new CandorFormatException($"C2PA: the claim of manifest '{manifest.Label}' is not CBOR", claimBox.Offset);
        var claim = CborValue.Read(content.Payload, content.PayloadOffset).Untagged;
        if (claim.Kind != CborValueKind.Map)
            throw new CandorFormatException($"C2PA: the claim of manifest '{manifest.Label}' is not a map", content.PayloadOffset);
        manifest.Claim = claim;
        manifest.ClaimLabel = claimBox.Label;
        manifest.ClaimVersion = claimBox.Label == "c2pa.claim.v2" || claim["created_assertions"] is not null ? 2 : 1;
        manifest.ClaimGenerator = claim.GetText("claim_generator");
        manifest.Title = claim.GetText("dc:title");
        manifest.Format = claim.GetText("dc:format");
        manifest.InstanceId = claim.GetText("instanceID");
        var info = claim["claim_generator_info"]?.Untagged;
        if (info is null) return;
        if (info.Kind == CborValueKind.Map) AddSoftware(manifest.ClaimGeneratorInfo, info);
        foreach (var item in info.Items) AddSoftware(manifest.ClaimGeneratorInfo, item.Untagged);
    }

    private static void AddSoftware(List<C2paSoftware> list, CborValue map)
    {
        if (ReadSoftware(map) is { } software) list.Add(software);
    }

    // A v1 softwareAgent is a string; v2 and claim_generator_info use a map {name, version, …}.
    private static C2paSoftware? ReadSoftware(CborValue? value)
    {
        value = value?.Untagged;
        if (value is null) return null;
        if (value.Kind == CborValueKind.Text) return new C2paSoftware(value.Text!);
        var name = value.GetText("name");
        return name is null ? null : new C2paSoftware(name, value.GetText("version"));
    }

    private static void ReadAssertion(C2paManifestSummary manifest, JumbfBox assertion, AssertionHandler handler)
    {
        var content = assertion.FirstContentBox();
        if (content is null) throw new CandorFormatException("the assertion has no content box", assertion.Offset);
        switch (content.Type)
        {
            case "cbor":
                handler(manifest, assertion.Label!, CborValue.Read(content.Payload, content.PayloadOffset).Untagged, null);
                break;
            case "json":
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(content.Payload, new JsonDocumentOptions { MaxDepth = 64 });
                }
                catch (JsonException e)
                {
                    throw new CandorFormatException($"the JSON content is malformed ({e.Message})", content.PayloadOffset);
                }
                using (document)
                {
                    try
                    {
                        handler(manifest, assertion.Label!, null, document.RootElement);
                    }
                    catch (InvalidOperationException e)
                    {
                        // JsonDocument validates a string's UTF-8 only when it is read.
                        throw new CandorFormatException($"the JSON content has a string that is not valid UTF-8 ({e.Message})", content.PayloadOffset);
                    }
                }
                break;
        }
    }

    private static void ReadActions(C2paManifestSummary manifest, string label, CborValue? cbor, JsonElement? json)
    {
        if (cbor is null) return;
        var list = cbor["actions"]?.Untagged;
        if (list is null || list.Kind != CborValueKind.Array)
            throw new CandorFormatException("the actions assertion has no 'actions' array", cbor.Offset);
        var agents = cbor["softwareAgents"]?.Untagged.Items ?? [];
        foreach (var item in list.Items)
        {
            var action = item.Untagged;
            var name = action.GetText("action");
            if (action.Kind != CborValueKind.Map || name is null)
            {
                manifest.Problems.Add($"assertion '{label}': an action at byte {item.Offset} has no 'action' name");
                continue;
            }
            var agent = ReadSoftware(action["softwareAgent"]);
            if (agent is null && action["softwareAgentIndex"]?.Untagged.Int64 is { } index && index >= 0 && index < agents.Count)
                agent = ReadSoftware(agents[(int)index]);
            manifest.Actions.Add(new C2paAction
            {
                Action = name,
                AssertionLabel = label,
                When = action["when"]?.Untagged.Text,
                SoftwareAgent = agent,
                DigitalSourceType = action.GetText("digitalSourceType"),
                Description = action.GetText("description"),
                Parameters = action["parameters"],
                Offset = action.Offset,
            });
        }
    }

    private static void ReadIngredient(C2paManifestSummary manifest, string label, CborValue? cbor, JsonElement? json)
    {
        if (cbor is null) return;
        if (cbor.Kind != CborValueKind.Map) throw new CandorFormatException("the ingredient assertion is not a map", cbor.Offset);
        var manifestUri = (cbor["activeManifest"] ?? cbor["c2pa_manifest"])?.Untagged.GetText("url");
        manifest.Ingredients.Add(new C2paIngredient
        {
            AssertionLabel = label,
            Title = cbor.GetText("dc:title"),
            Format = cbor.GetText("dc:format"),
            Relationship = cbor.GetText("relationship"),
            InstanceId = cbor.GetText("instanceID"),
            ActiveManifest = ManifestLabelFromUri(manifestUri),
        });
    }

    // "self#jumbf=/c2pa/<manifest label>[/…]" → "<manifest label>".
    private static string? ManifestLabelFromUri(string? uri)
    {
        if (uri is null) return null;
        const string prefix = "self#jumbf=";
        var path = uri.StartsWith(prefix, StringComparison.Ordinal) ? uri[prefix.Length..] : uri;
        var parts = path.Trim('/').Split('/');
        return parts.Length >= 2 && parts[0] == "c2pa" ? parts[1] : null;
    }

    private static void ReadTrainingMining(C2paManifestSummary manifest, string label, CborValue? cbor, JsonElement? json)
    {
        if (cbor is null) return;
        var entries = cbor["entries"]?.Untagged;
        if (entries is null || entries.Kind != CborValueKind.Map)
            throw new CandorFormatException("the training-mining assertion has no 'entries' map", cbor.Offset);
        foreach (var pair in entries.Entries)
        {
            var key = pair.Key.Untagged.Text ?? pair.Key.ToString();
            var entry = pair.Value.Untagged;
            manifest.TrainingMining.Add(new C2paTrainingMiningEntry(key, entry.GetText("use"), entry.GetText("constraint_info"), label));
        }
    }

    // schema.org CreativeWork "author" ({name} or [{name}]) and c2pa.metadata "dc:creator"; CBOR is
    // rendered to JSON first so both encodings take one path.
    private static void ReadAuthors(C2paManifestSummary manifest, string label, CborValue? cbor, JsonElement? json)
    {
        if (cbor is not null)
        {
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer)) cbor.ToJson(writer, inlineBytes: 0);
            try
            {
                using var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 4 * CborReader.DefaultMaxDepth });
                CollectAuthors(manifest.Authors, document.RootElement);
            }
            catch (JsonException e)
            {
                throw new CandorFormatException($"the metadata cannot be read as JSON ({e.Message})", cbor.Offset);
            }
            return;
        }
        if (json is { } element) CollectAuthors(manifest.Authors, element);
    }

    private static void CollectAuthors(List<string> authors, JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) return;
        foreach (var key in (string[])["author", "dc:creator"])
        {
            if (!root.TryGetProperty(key, out var value)) continue;
            var items = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [value];
            foreach (var item in items)
            {
                var name = item.ValueKind switch
                {
                    JsonValueKind.String => item.GetString(),
                    JsonValueKind.Object when item.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => n.GetString(),
                    _ => null,
                };
                if (!string.IsNullOrWhiteSpace(name) && !authors.Contains(name)) authors.Add(name);
            }
        }
    }

    private static C2paSignatureInfo? ReadSignature(C2paManifestSummary manifest, JumbfBox signatureBox)
    {
        var content = signatureBox.FirstContentBox();
        if (content is null || content.Type != "cbor")
        {
            manifest.Problems.Add("the claim signature is not CBOR");
            return null;
        }
        try
        {
            var cose = CborValue.Read(content.Payload, content.PayloadOffset).Untagged;
            if (cose.Kind != CborValueKind.Array || cose.Items.Count != 4)
                throw new CandorFormatException("the claim signature is not a COSE_Sign1 array of 4 items", cose.Offset);
            var protectedBytes = cose.Items[0].Untagged;
            if (protectedBytes.Kind != CborValueKind.Bytes)
                throw new CandorFormatException("the COSE protected header is not a byte string", protectedBytes.Offset);
            // The protected header is a CBOR map wrapped in a byte string; an empty string means no header.
            var protectedHeader = protectedBytes.Bytes.Length == 0 ? null : CborValue.Read(protectedBytes.Bytes, protectedBytes.Offset + protectedBytes.Encoded.Length - protectedBytes.Bytes.Length).Untagged;
            var unprotected = cose.Items[1].Untagged;
            string? algorithm = null;
            if (protectedHeader?.Get(1)?.Untagged is { } alg)
                algorithm = alg.Int64 is { } id && CoseAlgorithms.TryGetValue(id, out var known) ? known : alg.ToString().Trim('"');
            var (chain, source) = protectedHeader?.Get(33) is { } p ? (p, "protected header 33")
                : unprotected["x5chain"] is { } u ? (u, "unprotected header 'x5chain'")
                : unprotected.Get(33) is { } u33 ? (u33, "unprotected header 33")
                : (null, null);
            var certificates = chain is null ? [] : chain.Untagged.Kind == CborValueKind.Bytes ? [chain.Untagged] : chain.Untagged.Items;
            if (certificates.Count == 0)
            {
                manifest.Problems.Add("the claim signature carries no certificate (x5chain)");
                return new C2paSignatureInfo { Algorithm = algorithm };
            }
            var leafValue = certificates[0].Untagged;
            if (leafValue.Kind != CborValueKind.Bytes)
                throw new CandorFormatException("an x5chain entry is not a byte string", leafValue.Offset);
            try
            {
                var cached = CertificateCache.Get(leafValue.Bytes.Span);
                var leaf = cached.Certificate;
                return new C2paSignatureInfo
                {
                    Algorithm = algorithm,
                    CertificateSource = source,
                    CertificateCount = certificates.Count,
                    SubjectCommonName = NamePart(leaf.SubjectName, "2.5.4.3"),
                    SubjectOrganization = NamePart(leaf.SubjectName, "2.5.4.10"),
                    IssuerCommonName = NamePart(leaf.IssuerName, "2.5.4.3"),
                    IssuerOrganization = NamePart(leaf.IssuerName, "2.5.4.10"),
                    NotBefore = new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                    NotAfter = new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero),
                    SerialNumber = leaf.SerialNumber,
                    CertificateSha256 = Convert.ToHexStringLower(cached.Sha256),
                };
            }
            catch (CryptographicException e)
            {
                manifest.Problems.Add($"the signing certificate at byte {leafValue.Offset} cannot be read ({e.Message})");
                return new C2paSignatureInfo { Algorithm = algorithm, CertificateSource = source, CertificateCount = certificates.Count };
            }
        }
        catch (CandorFormatException e)
        {
            manifest.Problems.Add($"claim signature: {e.Describe()}");
            return null;
        }
    }

    private static string? NamePart(X500DistinguishedName name, string oid)
    {
        foreach (var rdn in name.EnumerateRelativeDistinguishedNames())
        {
            if (rdn.HasMultipleElements) continue;
            if (rdn.GetSingleElementType().Value == oid) return rdn.GetSingleElementValue();
        }
        return null;
    }
}
