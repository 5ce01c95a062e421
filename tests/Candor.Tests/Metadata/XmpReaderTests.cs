using System.Text;
using Candor.Consent;
using Candor.Formats;
using Candor.Metadata;
using Candor.Metadata.Iptc;
using Candor.Metadata.Xmp;
using Candor.Provenance;

namespace Candor.Tests.Metadata;

public class XmpReaderTests
{
    private static readonly Evidence Source = new("JPEG APP1 XMP", Offset: 20);

    private static XmpReadResult Read(string xml) => XmpReader.Read(Encoding.UTF8.GetBytes(xml), Source);

    private const string Packet = """
        <?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
        <x:xmpmeta xmlns:x="adobe:ns:meta/">
         <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
          <rdf:Description rdf:about=""
            xmlns:ext="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"
            xmlns:lic="http://ns.useplus.org/ldf/xmp/1.0/"
            xmlns:d="http://purl.org/dc/elements/1.1/"
            xmlns:mm="http://ns.adobe.com/xap/1.0/mm/"
            xmlns:evt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
            ext:DigitalSourceType="https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia">
           <lic:DataMining rdf:resource="http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED"/>
           <d:title><rdf:Alt>
             <rdf:li xml:lang="x-default">A cat</rdf:li>
             <rdf:li xml:lang="fr-FR">Un chat</rdf:li>
           </rdf:Alt></d:title>
           <d:subject><rdf:Bag><rdf:li>cat</rdf:li><rdf:li>sofa</rdf:li></rdf:Bag></d:subject>
           <mm:History><rdf:Seq>
             <rdf:li rdf:parseType="Resource"><evt:action>created</evt:action><evt:softwareAgent>Firefly</evt:softwareAgent></rdf:li>
           </rdf:Seq></mm:History>
          </rdf:Description>
         </rdf:RDF>
        </x:xmpmeta>
        <?xpacket end="w"?>
        """;

    [Fact]
    public void Fields_use_conventional_prefixes_whatever_the_file_bound()
    {
        var r = Read(Packet + "\n\0\0\0");
        var names = r.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", names["Iptc4xmpExt:DigitalSourceType"]);
        Assert.Equal("http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED", names["plus:DataMining"]);
        Assert.All(r.Fields, f => Assert.Equal(FieldGroups.Xmp, f.Group));
    }

    [Fact]
    public void Language_alternatives_arrays_and_structs_have_path_names()
    {
        var names = Read(Packet).Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("A cat", names["dc:title"]);
        Assert.Equal("Un chat", names["dc:title[lang=fr-FR]"]);
        Assert.Equal("cat", names["dc:subject[1]"]);
        Assert.Equal("sofa", names["dc:subject[2]"]);
        Assert.Equal("created", names["xmpMM:History[1]/stEvt:action"]);
        Assert.Equal("Firefly", names["xmpMM:History[1]/stEvt:softwareAgent"]);
        Assert.DoesNotContain(names.Keys, n => n.Contains("xml:lang"));
    }

    [Fact]
    public void Entity_declarations_are_refused_before_any_expansion()
    {
        const string bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE x [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" dc:format="&b;"/></rdf:RDF></x:xmpmeta>
            """;
        var e = Assert.Throws<CandorFormatException>(() => Read(bomb));
        Assert.Contains("DOCTYPE", e.Message);
    }

    [Fact]
    public void A_utf16_packet_with_a_dtd_is_still_refused()
    {
        const string xml = """<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "boom">]><x:xmpmeta xmlns:x="adobe:ns:meta/">&a;</x:xmpmeta>""";
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(xml)).ToArray();
        Assert.Throws<CandorFormatException>(() => XmpReader.Read(bytes, Source));
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var deep = new StringBuilder("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">");
        for (var i = 0; i < 5000; i++) deep.Append("<a>");
        for (var i = 0; i < 5000; i++) deep.Append("</a>");
        deep.Append("</x:xmpmeta>");
        var e = Assert.Throws<CandorFormatException>(() => Read(deep.ToString()));
        Assert.Contains("deeper", e.Message);
        Assert.Equal(FormatErrorKind.LimitExceeded, e.Kind);
    }

    [Fact]
    public void Oversized_packets_are_refused()
    {
        var big = new byte[XmpReader.MaxPacketBytes + 1];
        Assert.Equal(FormatErrorKind.LimitExceeded, Assert.Throws<CandorFormatException>(() => XmpReader.Read(big, Source)).Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not xml at all")]
    [InlineData("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF")]
    public void Malformed_packets_are_format_errors(string xml) =>
        Assert.Throws<CandorFormatException>(() => Read(xml));

    [SkippableFact]
    public void Iptc_reference_image_declares_a_retired_source_type_and_a_generative_training_ban()
    {
        var xmp = CorpusFiles.Payload(Corpus.Path("generators/iptc/iptc-photometadata-ref-2023.2.jpg"), PayloadKind.Xmp);
        var r = XmpReader.Read(xmp.Data, xmp.Evidence);
        var names = r.Fields.GroupBy(f => f.Name).ToDictionary(g => g.Key, g => g.First().Value);

        Assert.Equal("http://cv.iptc.org/newscodes/digitalsourcetype/softwareImage", names["Iptc4xmpExt:DigitalSourceType"]);
        var source = DigitalSourceType.Parse(names["Iptc4xmpExt:DigitalSourceType"]);
        Assert.NotNull(source);
        Assert.True(source.IsRetired);

        Assert.Equal("http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-GENAIMLTRAINING", names["plus:DataMining"]);
        var mining = DataMining.Parse(names["plus:DataMining"]);
        Assert.NotNull(mining);
        Assert.True(mining.ProhibitsGenerativeAiTraining);
        Assert.Contains("plus:OtherConstraints", names.Keys);
        Assert.Contains(names.Keys, n => n.StartsWith("dc:title", StringComparison.Ordinal));
        Assert.Empty(r.Problems);
    }
}
