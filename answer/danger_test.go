package answer

import "testing"

func TestDangerous(t *testing.T) {
	tests := []struct {
		q    string
		want bool
	}{
		// A child at immediate risk, however it is typed.
		{"a child is at risk right now", true},
		{"A CHILD IS AT RISK RIGHT NOW!!!", true},
		{"baby not breathing", true},
		{"the baby isn't breathing properly", true},
		{"baby isnt breathing", true},
		{"he's going to hurt her tonight", true},
		{"he’s going to hurt her tonight", true},
		{"hes gonna kill them", true},
		{"dad threatened to stab mum and the kids are there", true},
		{"child has been left alone", true},
		{"toddler left home alone and mum isn't answering", true},
		{"they left the baby alone in the car", true},
		{"kid is in danger", true},
		{"the children are in danger tonight", true},
		{"child in immediate danger what do i do", true},
		{"4 year old found wandering the street alone at night", true},
		{"dad has a knife and the kids are in the house", true},
		{"the baby is unresponsive", true},
		{"mum is drunk and passed out with a newborn", true},
		{"child being beaten right now", true},
		{"teenager says she is going to kill herself tonight", true},
		{"young person is suicidal", true},
		{"my 3 year old nephew has gone missing", true},
		{"this is an emergency, a child is hurt", true},
		{"a boy is being attacked outside", true},
		{"girl just told me her dad will hurt her when she gets home tonight and shes scared to go", true},
		{"pupil says he is scared to go home", true},
		{"her stepdad is going to hit her if she tells", true},
		// Questions about the guidance, training and words: no 999.
		{"what is the danger statement in Signs of Safety", false},
		{"danger statements", false},
		{"immediate danger training", false},
		{"is there a course on immediate danger?", false},
		{"what does at risk mean in the threshold document", false},
		{"how do I escalate a concern", false},
		{"signs of neglect", false},
		{"did not attend policy", false},
		{"what is a child in need", false},
		{"safety plans for children at risk of harm", false},
		{"emergency protection order", false},
		{"how can I help a child who is being neglected", false},
		{"child missing education", false},
		{"suicide prevention training", false},
		{"who will take over the case when I leave", false},
		{"neglect will harm a child's development", false},
		{"child is fitting in well at school", false},
		{"the case collapsed at court? what now", false},
		{"will the new worker hurt the relationship with the family", false},
		{"parents will harm their case by not engaging", false},
		{"what is the policy on bruising in non-mobile babies", false},
		{"is it neglect to leave a 9 year old alone for an hour", false},
		{"at what age can a child be left on their own", false},
		{"training on toddlers left alone", false},
		{"4 month old has bruises on his face, im on the visit right now", true},
		{"toddler on his own in the flat, no adult anywhere", true},
		{"dad is drunk and looking after the newborn tonight", true},
		{"teen texted saying shes taken loads of pills", true},
		{"what's the procedure, a baby has been left alone right now", true},
		{"", false},
	}
	for _, tt := range tests {
		if got := Dangerous(tt.q); got != tt.want {
			t.Errorf("Dangerous(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}
