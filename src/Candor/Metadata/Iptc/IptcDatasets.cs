using System.Collections.Frozen;

namespace Candor.Metadata.Iptc;

/// <summary>How an IIM dataset's bytes are shown.</summary>
internal enum IptcValueKind
{
    /// <summary>Text in the record's character set.</summary>
    Text,
    /// <summary>A big-endian unsigned binary number (record versions, file format).</summary>
    Number,
    /// <summary>Opaque bytes (previews), shown as a length summary.</summary>
    Binary,
}

/// <summary>IIM dataset names (record:dataset), spelt as ExifTool spells them, and how their values are stored.</summary>
internal static class IptcDatasets
{
    /// <summary>Record 1 dataset 90: the coded character set of the following records.</summary>
    public const int CodedCharacterSet = (1 << 8) | 90;

    /// <summary>(record &lt;&lt; 8 | dataset) → name and value kind.</summary>
    public static readonly FrozenDictionary<int, (string Name, IptcValueKind Kind)> Known = new Dictionary<int, (string, IptcValueKind)>
    {
        [Key(1, 0)] = ("EnvelopeRecordVersion", IptcValueKind.Number),
        [Key(1, 5)] = ("Destination", IptcValueKind.Text),
        [Key(1, 20)] = ("FileFormat", IptcValueKind.Number),
        [Key(1, 22)] = ("FileVersion", IptcValueKind.Number),
        [Key(1, 30)] = ("ServiceIdentifier", IptcValueKind.Text),
        [Key(1, 40)] = ("EnvelopeNumber", IptcValueKind.Text),
        [Key(1, 50)] = ("ProductID", IptcValueKind.Text),
        [Key(1, 60)] = ("EnvelopePriority", IptcValueKind.Text),
        [Key(1, 70)] = ("DateSent", IptcValueKind.Text),
        [Key(1, 80)] = ("TimeSent", IptcValueKind.Text),
        [Key(1, 90)] = ("CodedCharacterSet", IptcValueKind.Text),
        [Key(1, 100)] = ("UniqueObjectName", IptcValueKind.Text),
        [Key(1, 120)] = ("ARMIdentifier", IptcValueKind.Number),
        [Key(1, 122)] = ("ARMVersion", IptcValueKind.Number),
        [Key(2, 0)] = ("ApplicationRecordVersion", IptcValueKind.Number),
        [Key(2, 3)] = ("ObjectTypeReference", IptcValueKind.Text),
        [Key(2, 4)] = ("ObjectAttributeReference", IptcValueKind.Text),
        [Key(2, 5)] = ("ObjectName", IptcValueKind.Text),
        [Key(2, 7)] = ("EditStatus", IptcValueKind.Text),
        [Key(2, 8)] = ("EditorialUpdate", IptcValueKind.Text),
        [Key(2, 10)] = ("Urgency", IptcValueKind.Text),
        [Key(2, 12)] = ("SubjectReference", IptcValueKind.Text),
        [Key(2, 15)] = ("Category", IptcValueKind.Text),
        [Key(2, 20)] = ("SupplementalCategories", IptcValueKind.Text),
        [Key(2, 22)] = ("FixtureIdentifier", IptcValueKind.Text),
        [Key(2, 25)] = ("Keywords", IptcValueKind.Text),
        [Key(2, 26)] = ("ContentLocationCode", IptcValueKind.Text),
        [Key(2, 27)] = ("ContentLocationName", IptcValueKind.Text),
        [Key(2, 30)] = ("ReleaseDate", IptcValueKind.Text),
        [Key(2, 35)] = ("ReleaseTime", IptcValueKind.Text),
        [Key(2, 37)] = ("ExpirationDate", IptcValueKind.Text),
        [Key(2, 38)] = ("ExpirationTime", IptcValueKind.Text),
        [Key(2, 40)] = ("SpecialInstructions", IptcValueKind.Text),
        [Key(2, 42)] = ("ActionAdvised", IptcValueKind.Text),
        [Key(2, 45)] = ("ReferenceService", IptcValueKind.Text),
        [Key(2, 47)] = ("ReferenceDate", IptcValueKind.Text),
        [Key(2, 50)] = ("ReferenceNumber", IptcValueKind.Text),
        [Key(2, 55)] = ("DateCreated", IptcValueKind.Text),
        [Key(2, 60)] = ("TimeCreated", IptcValueKind.Text),
        [Key(2, 62)] = ("DigitalCreationDate", IptcValueKind.Text),
        [Key(2, 63)] = ("DigitalCreationTime", IptcValueKind.Text),
        [Key(2, 65)] = ("OriginatingProgram", IptcValueKind.Text),
        [Key(2, 70)] = ("ProgramVersion", IptcValueKind.Text),
        [Key(2, 75)] = ("ObjectCycle", IptcValueKind.Text),
        [Key(2, 80)] = ("By-line", IptcValueKind.Text),
        [Key(2, 85)] = ("By-lineTitle", IptcValueKind.Text),
        [Key(2, 90)] = ("City", IptcValueKind.Text),
        [Key(2, 92)] = ("Sub-location", IptcValueKind.Text),
        [Key(2, 95)] = ("Province-State", IptcValueKind.Text),
        [Key(2, 100)] = ("Country-PrimaryLocationCode", IptcValueKind.Text),
        [Key(2, 101)] = ("Country-PrimaryLocationName", IptcValueKind.Text),
        [Key(2, 103)] = ("OriginalTransmissionReference", IptcValueKind.Text),
        [Key(2, 105)] = ("Headline", IptcValueKind.Text),
        [Key(2, 110)] = ("Credit", IptcValueKind.Text),
        [Key(2, 115)] = ("Source", IptcValueKind.Text),
        [Key(2, 116)] = ("CopyrightNotice", IptcValueKind.Text),
        [Key(2, 118)] = ("Contact", IptcValueKind.Text),
        [Key(2, 120)] = ("Caption-Abstract", IptcValueKind.Text),
        [Key(2, 121)] = ("LocalCaption", IptcValueKind.Text),
        [Key(2, 122)] = ("Writer-Editor", IptcValueKind.Text),
        [Key(2, 125)] = ("RasterizedCaption", IptcValueKind.Binary),
        [Key(2, 130)] = ("ImageType", IptcValueKind.Text),
        [Key(2, 131)] = ("ImageOrientation", IptcValueKind.Text),
        [Key(2, 135)] = ("LanguageIdentifier", IptcValueKind.Text),
        [Key(2, 150)] = ("AudioType", IptcValueKind.Text),
        [Key(2, 151)] = ("AudioSamplingRate", IptcValueKind.Text),
        [Key(2, 152)] = ("AudioSamplingResolution", IptcValueKind.Text),
        [Key(2, 153)] = ("AudioDuration", IptcValueKind.Text),
        [Key(2, 154)] = ("AudioOutcue", IptcValueKind.Text),
        [Key(2, 184)] = ("JobID", IptcValueKind.Text),
        [Key(2, 185)] = ("MasterDocumentID", IptcValueKind.Text),
        [Key(2, 186)] = ("ShortDocumentID", IptcValueKind.Text),
        [Key(2, 187)] = ("UniqueDocumentID", IptcValueKind.Text),
        [Key(2, 188)] = ("OwnerID", IptcValueKind.Text),
        [Key(2, 200)] = ("ObjectPreviewFileFormat", IptcValueKind.Number),
        [Key(2, 201)] = ("ObjectPreviewFileVersion", IptcValueKind.Number),
        [Key(2, 202)] = ("ObjectPreviewData", IptcValueKind.Binary),
        [Key(2, 221)] = ("Prefs", IptcValueKind.Text),
        [Key(2, 225)] = ("ClassifyState", IptcValueKind.Text),
        [Key(2, 228)] = ("SimilarityIndex", IptcValueKind.Text),
        [Key(2, 230)] = ("DocumentNotes", IptcValueKind.Text),
        [Key(2, 231)] = ("DocumentHistory", IptcValueKind.Text),
        [Key(2, 232)] = ("ExifCameraInfo", IptcValueKind.Text),
        [Key(2, 255)] = ("CatalogSets", IptcValueKind.Text),
    }.ToFrozenDictionary();

    /// <summary>The table key of record:dataset.</summary>
    public static int Key(int record, int dataset) => (record << 8) | dataset;
}
