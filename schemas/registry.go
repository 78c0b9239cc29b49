package schemas

// All lists every published dataset, in the order a release presents them.
var All = []*Dataset{&ChildrenInCare, &ChildrenInCareBoundaries, &Placements, &PrivateProvisionShare, &CareProviders, &ProviderOwners, &ProviderChanges, &OfstedNationalSeries, &SupportedAccommodation, &Fostering, &LASpend, &ServiceSpend, &RevenueBudgets, &BudgetVsOutturn, &SpendGrowth, &S251Outturn, &CSCSpendSeries, &LAProfile, &ChildrensHomesLocality, &Claims, &ClaimChecks, &ClaimHistory, &Documents, &LASuccessors, &Sources, &Revisions}

// ByName returns the published dataset with that name, or nil.
func ByName(name string) *Dataset {
	for _, d := range All {
		if d.Name == name {
			return d
		}
	}
	return nil
}
