//! PDFs through `pdftotext -tsv`: the words of the text layer with their
//! boxes, laid out as a grid of cells by [`super::boxes`] (wrapped cells
//! joined, centred labels moved to the first row they span), with the page
//! of every row. A pdftotext too old for `-tsv` (poppler before 0.88) gives
//! `-layout` text instead, parsed as text.

use super::boxes::{self, WordBox};
use super::program::{run, TempDir};
use super::{PagedText, Read};
use crate::diagnostic::{Code, Diagnostic};

/// The Debian packages that bring pdftotext and the CMaps for Chinese fonts
/// a PDF does not embed.
pub const PACKAGES: &str = "poppler-utils and poppler-data";

/// Reads a PDF's text layer into a grid (or laid-out text).
pub fn read(bytes: &[u8]) -> Result<Read, Diagnostic> {
    let dir = TempDir::new()?;
    let input = dir.write("input.pdf", bytes)?;
    let tsv = [
        "-tsv".as_ref(),
        "-enc".as_ref(),
        "UTF-8".as_ref(),
        input.as_os_str(),
        "-".as_ref(),
    ];
    let read = match run("pdftotext", &tsv, PACKAGES) {
        Ok(out) => {
            let words: Vec<WordBox> = boxes::parse_tsv(&String::from_utf8_lossy(&out.stdout))
                .into_iter()
                .map(|(mut w, _)| {
                    w.text = unify_radicals(&w.text);
                    w
                })
                .collect();
            if words.is_empty() {
                return Err(no_text());
            }
            Read::Grid(boxes::grid(boxes::rows(&words), Vec::new()))
        }
        Err(d) if d.code == Code::ProgramMissing => return Err(d),
        // An older pdftotext without -tsv: its -layout text.
        Err(_) => Read::Text(read_layout(&input)?),
    };
    Ok(read)
}

/// The diagnostic for a PDF without text.
fn no_text() -> Diagnostic {
    Diagnostic::new(
        Code::PdfNoText,
        None,
        "the PDF has no text layer (a scan saved as PDF?): render its pages as images \
         (pdftoppm -r 300 -png file.pdf page) and parse the PNG files, which jixiao reads by OCR",
    )
}

/// A PDF's text layer through `pdftotext -layout`: cells as runs of spaces.
pub fn read_layout(input: &std::path::Path) -> Result<PagedText, Diagnostic> {
    let args = [
        "-layout".as_ref(),
        "-enc".as_ref(),
        "UTF-8".as_ref(),
        input.as_os_str(),
        "-".as_ref(),
    ];
    let out = run("pdftotext", &args, PACKAGES)?;
    let text = unify_radicals(&String::from_utf8_lossy(&out.stdout));
    let paged = paginate(&text);
    if paged.text.chars().all(char::is_whitespace) {
        return Err(no_text());
    }
    Ok(paged)
}

/// Kangxi radicals (U+2F00–U+2FD5) and those of the radicals supplement
/// that stand for a whole simplified character, in the
/// order of [`IDEOGRAPHS`].
const RADICALS: &str = "⺟⻳⻄⻅⻆⻓⻔⻘⻢⻥⻦⻬⻮⻰⻉⻋⻩⻚⻛⻜⻣⻤⼀⼁⼂⼃⼄⼅⼆⼇⼈⼉⼊⼋⼌⼍⼎⼏⼐⼑⼒⼓⼔⼕⼖⼗⼘⼙⼚⼛⼜⼝⼞⼟⼠⼡⼢⼣⼤⼥⼦⼧⼨⼩⼪⼫⼬⼭⼮⼯⼰⼱⼲⼳⼴⼵⼶⼷⼸⼹⼺⼻⼼⼽⼾⼿⽀⽁⽂⽃⽄⽅⽆⽇⽈⽉⽊⽋⽌⽍⽎⽏⽐⽑⽒⽓⽔⽕⽖⽗⽘⽙⽚⽛⽜⽝⽞⽟⽠⽡⽢⽣⽤⽥⽦⽧⽨⽩⽪⽫⽬⽭⽮⽯⽰⽱⽲⽳⽴⽵⽶⽷⽸⽹⽺⽻⽼⽽⽾⽿⾀⾁⾂⾃⾄⾅⾆⾇⾈⾉⾊⾋⾌⾍⾎⾏⾐⾑⾒⾓⾔⾕⾖⾗⾘⾙⾚⾛⾜⾝⾞⾟⾠⾡⾢⾣⾤⾥⾦⾧⾨⾩⾪⾫⾬⾭⾮⾯⾰⾱⾲⾳⾴⾵⾶⾷⾸⾹⾺⾻⾼⾽⾾⾿⿀⿁⿂⿃⿄⿅⿆⿇⿈⿉⿊⿋⿌⿍⿎⿏⿐⿑⿒⿓⿔⿕";
/// The unified ideograph each of [`RADICALS`] stands for (its NFKC form).
const IDEOGRAPHS: &str = "母龟西见角长门青马鱼鸟齐齿龙贝车黄页风飞骨鬼一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊齒龍龜龠";

/// Many PDF producers map the glyph of 人 or 金 to the Kangxi radical that
/// looks the same (U+2F08 ⼈, U+2FA6 ⾦); a reader means the ideograph.
pub fn unify_radicals(text: &str) -> String {
    text.chars()
        .map(|c| {
            if ('\u{2e80}'..='\u{2fdf}').contains(&c) {
                RADICALS
                    .chars()
                    .position(|r| r == c)
                    .and_then(|i| IDEOGRAPHS.chars().nth(i))
                    .unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// Splits pdftotext's output at its form feeds into lines with pages.
pub fn paginate(text: &str) -> PagedText {
    let mut out = PagedText::default();
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let last = pages.len();
    for (i, page) in pages.into_iter().enumerate() {
        // The text after the last form feed is empty unless the file was cut.
        if i + 1 == last && page.trim().is_empty() && i > 0 {
            break;
        }
        for line in page.lines() {
            out.text.push_str(line);
            out.text.push('\n');
            out.pages.push(i as u32 + 1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_read_as_ideographs() {
        assert_eq!(RADICALS.chars().count(), IDEOGRAPHS.chars().count());
        assert_eq!(unify_radicals("⼈寿⾼陵⽀⾏ 100%"), "人寿高陵支行 100%");
    }

    #[test]
    fn form_feeds_start_pages() {
        let p = paginate("title\nrow\n\u{c}next\n\u{c}");
        assert_eq!(p.text, "title\nrow\nnext\n");
        assert_eq!(p.pages, [1, 1, 2]);
    }
}
