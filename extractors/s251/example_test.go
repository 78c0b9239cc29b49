package s251_test

import (
	"fmt"

	"github.com/caredata/caredata/extractors/geo"
	"github.com/caredata/caredata/extractors/s251"
	"github.com/caredata/caredata/sources"
)

// Parse reads one year's file; the line is found by its label, whatever
// its number or spelling that year, and England is the authorities' sum.
func ExampleParse() {
	las, _ := sources.FS.ReadFile("lookups/las.csv")
	regions, _ := sources.FS.ReadFile("lookups/regions.csv")
	places, err := geo.Load(las, regions)
	if err != nil {
		fmt.Println(err)
		return
	}
	csv := "LA,LA Name,LineNumber,CYPServiceDescription,ReportGroup,OwnProvision,PrivateProvision,OtherPublic,Voluntary,TotalExpenditure,Income,NetCurrentExpenditure\n" +
		"886,Kent,6,6 Residential care,CHILDREN LOOKED AFTER,1051362,12560595,0,0,13611957,1618805,11993152\n" +
		"887,Medway,6,6 Residential care ,CHILDREN LOOKED AFTER,100.5,200,0,NULL,300.5,0,300.5\n"
	f, err := s251.Parse("example.csv", []byte(csv), "", 201314, places)
	if err != nil {
		fmt.Println(err)
		return
	}
	line := s251.Lines()[f.Labels[0].Line]
	england := f.National[0]
	fmt.Println(line.Group, "/", line.Label, "/ line", f.Labels[0].Number)
	fmt.Println("England, private:", england.Values[s251.Private], "net:", england.Values[s251.Net])
	fmt.Println("voluntary given by", len(f.Authorities)-1, "of", len(f.Authorities))
	// Output:
	// Children looked after / Residential care / line 6
	// England, private: 12560795 net: 11993453
	// voluntary given by 1 of 2
}
